extension Array {
    /// `count` copies of `value`, as `Array(repeating:count:)` makes them, for the small arrays of
    /// shapes and strides that every op makes.
    ///
    /// `Array(repeating:count:)` allocates through a standard-library function that is never
    /// specialized, which looks the storage's type up in the runtime's metadata cache on each call:
    /// about 600 instructions, more than the broadcast it serves. Reserving capacity takes the
    /// specialized growth path instead. (The language's interpreter has the same helper.)
    @inline(__always) static func filled(_ value: Element, count: Int) -> [Element] {
        var items: [Element] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(value) }
        return items
    }
}
