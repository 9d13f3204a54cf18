import Foundation
public import WorkbenchCore
import Enquiries
import ProjectStore

/// The demo's enquiry: modelling and coaching for confident science teaching (cycle 1, from the
/// Hope Challenge study's cases), then a switch to pupil reading mentoring (cycle 2, the secondary
/// reading-mentoring project's figures: 27 months of reading age gained in 7 months). Dates are
/// fixed so the log reads the same every time. Staff names are invented and stand in for the
/// real names an alliance would record; the anonymised log replaces them.
enum DemoEnquiry {
    /// Builds the enquiry and writes `exports/evidence-log.html` and `.md`; returns the HTML log.
    static func add(to project: WorkbenchProject) throws -> URL {
        let enquiry = try project.cycles.newEnquiry(
            title: "Confident, ambitious science teaching",
            focus: "Trainee and teacher confidence in teaching science, and pupils' reading across transition",
            questions: ["Does modelling, rehearsal and debrief in school raise trainees' sense of efficacy?",
                        "What changes do trainees, teachers and pupils describe, and what do they credit?"],
            schools: ["A Primary School", "B Secondary School"], lead: "Ms Helen Carter",
            champions: ["Mr David Okafor"], date: .day("2024-09-09"))
        let first = try project.cycles.startCycle(
            enquiry: enquiry.id!, template: "hope-challenge-cycle", interventions: ["toolkit.jpd7"],
            baseline: "Trainees' TSES (long form) in September; the subject audit flagged light as weak; "
                + "the alliance's autumn self-audit of the maturity matrix",
            criteria: [
                try CriterionText("Trainees' sense of efficacy rises: tses-long.TSES.change >= 0.5"),
                try CriterionText("A large effect: tses-long.TSES.dz >= 0.8"),
                try CriterionText("Trainees describe change in their teaching: hope-challenge.change.trainees.passages >= 3"),
                try CriterionText("Half the strands move up a level: tsa-maturity-matrix.strands-improved >= 6"),
            ], date: .day("2024-09-16"))
        let cycle = first.id!
        // Two cells of the framework matrix summarised, as the researchers would before the review.
        try project.coding.summarise(framework: "hope-challenge", case: "Trainee A", theme: "change.trainees",
                              text: "From out of her depth to explaining reflection without notes; credits seeing it modelled.")
        try project.coding.summarise(framework: "hope-challenge", case: "Teacher A", theme: "change.staff",
                              text: "More confident teaching science; plans investigations instead of worksheets.")
        try project.cycles.addEvidence(cycle: cycle, title: "Trainees' sense of efficacy, September and February",
                                detail: .comparison(instrument: "tses-long", from: "pre", to: "post"),
                                source: "TSES long form, eight trainees", date: .day("2025-02-10"))
        try project.cycles.addEvidence(cycle: cycle, title: "What changed for trainees (interviews)",
                                detail: .theme(framework: "hope-challenge", theme: "change.trainees"),
                                source: "Focus group, interview and debrief recording", date: .day("2025-02-11"))
        try project.cycles.addEvidence(cycle: cycle, title: "Modelling as a mechanism (interviews)",
                                detail: .theme(framework: "hope-challenge", theme: "mechanism.modelling"),
                                source: "Focus group, interview and debrief recording", date: .day("2025-02-11"))
        try project.cycles.addEvidence(cycle: cycle, title: "Maturity-matrix self-audit, autumn to summer",
                                detail: .audit(matrix: "tsa-maturity-matrix", from: "autumn", to: "summer"),
                                source: "Steering group self-audit, three respondents", date: .day("2025-02-12"))
        try project.cycles.addEvidence(cycle: cycle, title: "Debrief after session 3",
                                detail: .observation(text: "Trainees planned their next questions from what pupils said; "
                                                     + "Sarah Bennett noted quiet pupils asking about shadows."),
                                source: "Mr David Okafor", date: .day("2025-01-22"))
        try project.cycles.reflect(cycle: cycle, author: "Ms Helen Carter",
                            wentWell: "Moving the sessions to the school site; the weekly debrief became the engine.",
                            notEffective: "The first session at the university felt remote from the classroom.",
                            problems: "Finding an hour after school every week for the whole group.",
                            leadershipLearning: "Keep the space safe and unassessed; it is what lets trainees take risks.",
                            date: .day("2025-02-14"))
        try project.cycles.review(cycle: cycle, challengedBy: "Eastbrook TSA (regional enquiry cluster)",
                           challenge: "Eight volunteers: how much of the efficacy gain is self-selection?",
                           response: "We will compare with the trainees who did not take part, and follow pupils' reading.",
                           date: .day("2025-02-24"))
        try project.cycles.closeCycle(cycle, decision: .switch,
                               nextFocus: "Reading at transition: Year 9 and 10 mentors for Year 7 readers", date: .day("2025-03-03"))

        let second = try project.cycles.startCycle(
            enquiry: enquiry.id!, template: "regional-enquiry-cluster",
            interventions: ["toolkit.mc5", "demo-alliance.reading-mentoring"],
            baseline: "Reading ages of 30 Year 7 pupils in March, on average well below their chronological age",
            criteria: [
                try CriterionText("Reading improves faster than time passes: reading-age-months.gain-per-month >= 2"),
                try CriterionText("A term's gain of a year or more: reading-age-months.gain >= 12"),
            ], date: .day("2025-03-10"))
        let readingAges = project.store.sourcesFolder.appendingPathComponent("reading-ages.csv")
        try Self.readingAges.write(to: readingAges, atomically: true, encoding: .utf8)
        try project.cycles.addEvidence(cycle: second.id!, title: "Reading ages, March and October",
                                detail: .measures(file: readingAges.path, measure: "reading age (months)", from: "pre",
                                                  to: "post", months: 7),
                                source: "Standardised reading tests", date: .day("2025-10-13"))
        try project.cycles.reflect(cycle: second.id!, author: "Mr David Okafor",
                            wentWell: "Ten minutes, four days a week, was sustainable; mentors grew in confidence too.",
                            notEffective: nil, problems: "Timetable clashes in the first fortnight.",
                            leadershipLearning: "Student leadership needs the same care as staff CPD.", date: .day("2025-10-20"))
        try project.cycles.closeCycle(second.id!, decision: .continue, nextFocus: "Extend mentoring to Year 8",
                               date: .day("2025-11-03"))
        let html = project.store.exportsFolder.appendingPathComponent("evidence-log.html")
        try project.cycles.exportLog(to: html, format: .html)
        try project.cycles.exportLog(to: project.store.exportsFolder.appendingPathComponent("evidence-log.md"), format: .md)
        return html
    }

    /// Reading ages (months) of 30 pupils before and after seven months of reading mentoring:
    /// a mean gain of 27 months, 3.86 months of progress per month. The same data as the example
    /// plugin's `Plugins/Examples/ReadingAgeGain/reading-ages.csv`, held here because the demo must
    /// run without the repository beside it.
    static let readingAges = """
    participant,occasion,measure,value
    Pupil 01,pre,reading age (months),118
    Pupil 01,post,reading age (months),136
    Pupil 02,pre,reading age (months),125
    Pupil 02,post,reading age (months),145
    Pupil 03,pre,reading age (months),132
    Pupil 03,post,reading age (months),153
    Pupil 04,pre,reading age (months),139
    Pupil 04,post,reading age (months),161
    Pupil 05,pre,reading age (months),146
    Pupil 05,post,reading age (months),169
    Pupil 06,pre,reading age (months),124
    Pupil 06,post,reading age (months),148
    Pupil 07,pre,reading age (months),131
    Pupil 07,post,reading age (months),155
    Pupil 08,pre,reading age (months),138
    Pupil 08,post,reading age (months),163
    Pupil 09,pre,reading age (months),145
    Pupil 09,post,reading age (months),170
    Pupil 10,pre,reading age (months),123
    Pupil 10,post,reading age (months),149
    Pupil 11,pre,reading age (months),130
    Pupil 11,post,reading age (months),156
    Pupil 12,pre,reading age (months),137
    Pupil 12,post,reading age (months),164
    Pupil 13,pre,reading age (months),144
    Pupil 13,post,reading age (months),171
    Pupil 14,pre,reading age (months),122
    Pupil 14,post,reading age (months),149
    Pupil 15,pre,reading age (months),129
    Pupil 15,post,reading age (months),156
    Pupil 16,pre,reading age (months),136
    Pupil 16,post,reading age (months),163
    Pupil 17,pre,reading age (months),143
    Pupil 17,post,reading age (months),170
    Pupil 18,pre,reading age (months),121
    Pupil 18,post,reading age (months),148
    Pupil 19,pre,reading age (months),128
    Pupil 19,post,reading age (months),156
    Pupil 20,pre,reading age (months),135
    Pupil 20,post,reading age (months),163
    Pupil 21,pre,reading age (months),142
    Pupil 21,post,reading age (months),171
    Pupil 22,pre,reading age (months),120
    Pupil 22,post,reading age (months),149
    Pupil 23,pre,reading age (months),127
    Pupil 23,post,reading age (months),157
    Pupil 24,pre,reading age (months),134
    Pupil 24,post,reading age (months),164
    Pupil 25,pre,reading age (months),141
    Pupil 25,post,reading age (months),172
    Pupil 26,pre,reading age (months),119
    Pupil 26,post,reading age (months),151
    Pupil 27,pre,reading age (months),126
    Pupil 27,post,reading age (months),159
    Pupil 28,pre,reading age (months),133
    Pupil 28,post,reading age (months),167
    Pupil 29,pre,reading age (months),140
    Pupil 29,post,reading age (months),176
    Pupil 30,pre,reading age (months),118
    Pupil 30,post,reading age (months),145
    """
}
