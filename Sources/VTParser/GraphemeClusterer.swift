/// Decides, one scalar at a time, whether text continues the grapheme cluster in the current
/// cell, and how many cells that cluster takes.
///
/// It follows UAX #29's extended grapheme cluster rules that matter in a terminal (GB6-8 Hangul,
/// GB9 Extend/ZWJ, GB9a SpacingMark, GB9b Prepend, GB11 emoji ZWJ sequences, GB12/13 regional
/// indicator pairs). On top of that, any scalar whose display width is 0 joins the cluster,
/// because tmux (our reference renderer) folds every zero-width character into the previous
/// cell; otherwise a zero-width format character such as U+200B would need a cell of its own.
///
/// Width: the base's width, except that U+FE0F (VS16) after a narrow emoji-capable base makes
/// it 2, U+FE0E (VS15) leaves it alone, and a pair of regional indicators (a flag) is 2.
///
/// `init(rules: .tmux33)` instead reproduces tmux 3.3a's simpler rules (see `ClusteringRules`).
public struct GraphemeClusterer: Sendable {
    public let rules: ClusteringRules
    @usableFromInline var active = false
    @usableFromInline var previousClass: GraphemeBreakClass = .other
    /// GB11 progress: 0 nothing, 1 after ExtPict Extend*, 2 after ExtPict Extend* ZWJ.
    @usableFromInline var pictographicState: UInt8 = 0
    @usableFromInline var regionalIndicatorCount = 0
    @usableFromInline var baseWidth = 1
    @usableFromInline var baseWidenedByVS16 = false
    @usableFromInline var sawVS16 = false
    /// The shared property table, held here so lookups skip the lazy-global check.
    @usableFromInline let table = BlockTable.shared

    /// UAX #29 clustering (`ClusteringRules.unicode`).
    public init() {
        rules = .unicode
    }

    public init(rules: ClusteringRules) {
        self.rules = rules
    }

    /// Forgets the current cluster; the next `continues` returns false until `begin`.
    @inlinable
    public mutating func reset() {
        active = false
    }

    /// What the table knows about `scalar` (the same as `ScalarProperties(scalar)`, cheaper):
    /// look it up once and pass it to `continues(with:properties:)` and `begin(_:properties:)`.
    @inlinable @inline(__always)
    public func properties(of scalar: Unicode.Scalar) -> ScalarProperties {
        ScalarProperties(raw: table.properties(scalar.value))
    }

    /// Starts a new cluster with `first`.
    @inlinable @inline(__always)
    public mutating func begin(_ first: Unicode.Scalar) {
        begin(first, properties: properties(of: first))
    }

    /// Starts a new cluster with `first`, whose `properties(of:)` the caller already has.
    @inlinable @inline(__always)
    public mutating func begin(_ first: Unicode.Scalar, properties: ScalarProperties) {
        active = true
        previousClass = properties.breakClass
        pictographicState = properties.isExtendedPictographic ? 1 : 0
        regionalIndicatorCount = previousClass == .regionalIndicator ? 1 : 0
        baseWidth = properties.width
        baseWidenedByVS16 = properties.isWidenedByVS16
        sawVS16 = false
    }

    /// True if `next` joins the current cluster (caller then appends it to the cell's grapheme).
    /// When false, the caller starts a new cell and calls `begin(next)`.
    @inlinable
    public mutating func continues(with next: Unicode.Scalar) -> Bool {
        guard active else { return false }
        // ASCII never joins anything (no ASCII scalar is Extend, ZWJ or SpacingMark).
        if next.value < 0x7F { return false }
        return continues(with: next, properties: properties(of: next))
    }

    /// `continues(with:)` for a caller that already has `next`'s `properties(of:)`.
    @inlinable
    public mutating func continues(with next: Unicode.Scalar, properties: ScalarProperties) -> Bool {
        guard active else { return false }
        if next.value < 0x7F { return false }
        if rules == .tmux33 {
            // tmux 3.3a: after a ZWJ anything non-ASCII joins; otherwise only zero width does.
            let joins = previousClass == .zwj || properties.width == 0
            if joins { previousClass = next.value == 0x200D ? .zwj : .other }
            return joins
        }
        let nextClass = properties.breakClass
        let joins = Self.joins(
            previous: previousClass, next: nextClass,
            nextIsPictographic: properties.isExtendedPictographic,
            pictographicState: pictographicState,
            regionalIndicatorCount: regionalIndicatorCount
        ) || properties.width == 0
        guard joins else { return false }

        if next.value == 0xFE0F { sawVS16 = true }
        switch nextClass {
        case .extend:
            break  // ExtPict Extend* keeps GB11 progress at 1
        case .zwj:
            pictographicState = pictographicState == 1 ? 2 : 0
        default:
            pictographicState = properties.isExtendedPictographic ? 1 : 0
        }
        if nextClass == .regionalIndicator { regionalIndicatorCount += 1 }
        previousClass = nextClass
        return true
    }

    /// The UAX #29 "do not break" rules between two adjacent scalars of the cluster.
    @inlinable
    static func joins(
        previous: GraphemeBreakClass, next: GraphemeBreakClass, nextIsPictographic: Bool,
        pictographicState: UInt8, regionalIndicatorCount: Int
    ) -> Bool {
        switch next {
        case .extend, .zwj, .spacingMark:  // GB9, GB9a
            return true
        default:
            break
        }
        switch previous {
        case .prepend:  // GB9b
            return true
        case .hangulL:  // GB6
            return next == .hangulL || next == .hangulV || next == .hangulLV || next == .hangulLVT
        case .hangulLV, .hangulV:  // GB7
            return next == .hangulV || next == .hangulT
        case .hangulLVT, .hangulT:  // GB8
            return next == .hangulT
        case .zwj:  // GB11
            return nextIsPictographic && pictographicState == 2
        case .regionalIndicator:  // GB12/13: pair up regional indicators
            return next == .regionalIndicator && regionalIndicatorCount % 2 == 1
        default:
            return false
        }
    }

    /// Width the whole current cluster should take (1 or 2) given what was seen (e.g. VS16 → 2).
    @inlinable
    public var clusterWidth: Int {
        if rules == .tmux33 { return baseWidth == 2 ? 2 : 1 }
        if regionalIndicatorCount >= 2 { return 2 }
        if sawVS16 && baseWidenedByVS16 { return 2 }
        return baseWidth == 2 ? 2 : 1
    }
}
