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
}

extension ProjectArea {
    func report(_ task: String, _ done: Int, of total: Int?, _ unit: String) {
        project.report(task, done, of: total, unit)
    }
}
