/// Receives every history row exactly once, oldest first: when the owner asks
/// (`PageList.handOverPending()`) or, at the latest, just before the row's page is released.
/// The Terminal's logical-line assembler implements it and feeds the archive (in `run` and
/// `import` from a thread of its own, through a `DeferredEvictionSink`).
///
/// The sink must not call back into the `PageList` that is handing rows over.
public protocol EvictionSink: AnyObject {
    /// Called once per history row, oldest first. `row` is valid only during the call.
    func handOver(_ row: RowView)
}
