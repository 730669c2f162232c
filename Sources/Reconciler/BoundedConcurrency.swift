/// Runs `transform` on every element with at most `limit` of them in flight, and returns the
/// results in the order of `elements`.
///
/// A task group starts `limit` children, then one more each time a child finishes, so the fan-out
/// never exceeds the bound; results are put back by index, so the output order does not depend
/// on which child finished first. `transform` must not throw: callers turn failures into values.
/// Cancellation is passed to the children, which decide how to stop.
package func boundedConcurrentMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element],
    limit: Int,
    _ transform: @escaping @Sendable (Element) async -> Result
) async -> [Result] {
    precondition(limit > 0, "the concurrency limit must be at least 1")
    return await withTaskGroup(of: (Int, Result).self) { group in
        var results = [Result?](repeating: nil, count: elements.count)
        var next = 0
        while next < min(limit, elements.count) {
            let index = next
            group.addTask { (index, await transform(elements[index])) }
            next += 1
        }
        while let (index, result) = await group.next() {
            results[index] = result
            if next < elements.count {
                let index = next
                group.addTask { (index, await transform(elements[index])) }
                next += 1
            }
        }
        return results.compactMap { $0 }
    }
}
