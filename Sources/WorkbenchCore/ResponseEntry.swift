import Foundation
import Scoring
public import WorkbenchKit

/// The item-by-item flow of `workbench responses enter`, without any terminal I/O: the caller
/// shows ``prompt(for:)`` and passes each line typed to ``answer(_:)``.
public struct ResponseEntry: Sendable {
    /// What happened to a line typed at the prompt.
    public enum Outcome: Sendable, Equatable {
        /// Accepted; move on.
        case accepted
        /// Skipped (left unanswered).
        case skipped
        /// Not accepted: say why and ask the same item again.
        case retry(String)
    }

    public let questionnaire: Questionnaire
    private let scorer: QuestionnaireScorer
    private var index = 0
    /// The answers so far: item id → option code.
    public private(set) var answers: [String: String] = [:]

    public init(_ questionnaire: Questionnaire) {
        self.questionnaire = questionnaire
        scorer = QuestionnaireScorer(questionnaire)
    }

    /// The item to ask next (items whose display condition fails are passed over), or nil when done.
    public mutating func nextItem() -> Questionnaire.Item? {
        while index < questionnaire.items.count {
            let item = questionnaire.items[index]
            if scorer.isShown(item.id, answers: answers) { return item }
            index += 1
        }
        return nil
    }

    /// The prompt for an item: its number, wording (or a note that it is not included) and options.
    public func prompt(for item: Questionnaire.Item, wording: String?) -> String {
        let options = questionnaire.scale(of: item)?.options.map { "\($0.code)=\($0.label)" } ?? []
        let number = (questionnaire.items.firstIndex(of: item) ?? 0) + 1
        let text = wording ?? item.wording() ?? "(wording not included in this plugin)"
        let skip = item.required ? "" : ", Enter to skip"
        return "[\(number)/\(questionnaire.items.count)] \(item.id): \(text)\n  \(options.joined(separator: "  "))\(skip)\n> "
    }

    /// Takes the line typed for the current item.
    public mutating func answer(_ line: String) -> Outcome {
        guard let item = nextItem() else { return .retry("there are no more items") }
        let code = line.trimmingCharacters(in: .whitespaces)
        if code.isEmpty {
            guard !item.required else { return .retry("\(item.id) needs an answer") }
            index += 1
            return .skipped
        }
        guard let scale = questionnaire.scale(of: item), scale.option(code: code) != nil else {
            let allowed = questionnaire.scale(of: item)?.options.map(\.code).joined(separator: ", ") ?? ""
            return .retry("'\(code)' is not an answer to \(item.id); type one of \(allowed)")
        }
        answers[item.id] = code
        index += 1
        return .accepted
    }
}
