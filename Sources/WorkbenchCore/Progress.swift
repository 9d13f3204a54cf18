public import Foundation

/// How far a long piece of work has got, for a front end to show: "Saving answers: 120,000 of
/// 480,000". Reported often; a front end decides how often to draw it.
public struct WorkProgress: Sendable, Hashable {
    /// What is being done, e.g. "Reading transcripts".
    public var task: String
    public var done: Int
    /// The whole amount, when known.
    public var total: Int?
    /// What is counted, e.g. "answers", "files".
    public var unit: String

    public init(task: String, done: Int, total: Int?, unit: String) {
        self.task = task
        self.done = done
        self.total = total
        self.unit = unit
    }
}

/// Where a project sends progress reports; nil (the default) reports nothing.
public typealias ProgressSink = @Sendable (WorkProgress) -> Void

extension WorkbenchProject {
    /// Tells the front end how far `task` has got.
    func report(_ task: String, _ done: Int, of total: Int?, _ unit: String) {
        progress?(WorkProgress(task: task, done: done, total: total, unit: unit))
    }

    /// ``parallelMap(_:done:_:)`` that reports `task` as the elements finish, counted in `unit`,
    /// starting from 0.
    func inParallel<Element: Sendable, Result: Sendable>(
        _ elements: [Element], task: String, unit: String,
        _ transform: @Sendable (Element) throws -> Result) throws -> [Result] {
        let progress = progress, total = elements.count
        report(task, 0, of: total, unit)
        return try parallelMap(elements, done: { done in
            progress?(WorkProgress(task: task, done: done, total: total, unit: unit))
        }, transform)
    }
}

extension ProjectArea {
    func report(_ task: String, _ done: Int, of total: Int?, _ unit: String) {
        project.report(task, done, of: total, unit)
    }

    func inParallel<Element: Sendable, Result: Sendable>(
        _ elements: [Element], task: String, unit: String,
        _ transform: @Sendable (Element) throws -> Result) throws -> [Result] {
        try project.inParallel(elements, task: task, unit: unit, transform)
    }
}

/// Results of `transform` on every element, computed on all cores, in the elements' order; for
/// independent work on many files or sources. If any call throws, the error of the first element
/// that failed is thrown, as a loop would. `done` is told how many have finished, from any thread.
func parallelMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element], done: (@Sendable (Int) -> Void)? = nil,
    _ transform: @Sendable (Element) throws -> Result) throws -> [Result] {
    let slots = ParallelSlots<Result>(elements.count)
    slots.results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let buffer = buffer
        DispatchQueue.concurrentPerform(iterations: elements.count) { index in
            buffer[index] = Swift.Result { try transform(elements[index]) }
            let finished = slots.lock.withLock {
                slots.finished += 1
                return slots.finished
            }
            done?(finished)
        }
    }
    return try slots.results.map { try $0!.get() }
}

/// `first` and `second` run at once, on two cores: for two independent reads. If both throw, the
/// first's error is thrown.
func concurrently<First: Sendable, Second: Sendable>(
    _ first: @Sendable () throws -> First, _ second: @Sendable () throws -> Second) throws -> (First, Second) {
    nonisolated(unsafe) var one: Result<First, any Error>?
    nonisolated(unsafe) var other: Result<Second, any Error>?
    DispatchQueue.concurrentPerform(iterations: 2) { index in
        if index == 0 { one = Result { try first() } } else { other = Result { try second() } }
    }
    return (try one!.get(), try other!.get())
}

/// The results of a ``parallelMap(_:done:_:)``: each slot is written once, by the one iteration that
/// owns its index; `lock` guards `finished`.
private final class ParallelSlots<Result>: @unchecked Sendable {
    var results: [Swift.Result<Result, any Error>?]
    var finished = 0
    let lock = NSLock()
    init(_ count: Int) { results = Array(repeating: nil, count: count) }
}
