/// Moves a non-Sendable value to a thread that uses it under a rule the compiler cannot see
/// (only that thread from then on, or a call documented as thread-safe).
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
