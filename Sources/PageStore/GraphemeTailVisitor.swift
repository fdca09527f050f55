/// How a row's owner lends the extra scalars of a cluster: called with a column and a body, it
/// calls the body once per extra scalar of that cell, in order (not at all when there are
/// none). Unlike returning an array, lending costs no allocation per cluster, which mattered
/// for emoji-heavy output where nearly every cell of a scrolled row is a cluster.
public typealias GraphemeTailVisitor = (Int, (Unicode.Scalar) -> Void) -> Void
