public import Foundation
import PluginHost
public import ProjectStore
import WorkbenchKit

/// The sample project `workbench demo` makes: the first thing a new user sees.
public enum Demo {
    /// What the demo made.
    public struct Summary: Sendable {
        public var project: WorkbenchProject
        public var schools: [School]
        public var participants: [Participant]
        /// The alliance-authored plugin written into the project's `plugins/` folder.
        public var alliancePlugin: URL
    }

    /// The default folder, relative to the current directory.
    public static let defaultFolder = "demo-project"

    /// Builds the sample project in `folder` (which must not exist or be empty).
    /// The schools and participants follow the pseudonymised cases of the source reports
    /// (trainees and teachers of the Hope Challenge study, a secondary reading-mentoring project).
    public static func build(at folder: URL) throws -> Summary {
        let project = try WorkbenchProject.create(at: folder, name: "Demo alliance enquiry")
        let store = project.store
        do {
            let primary = try store.add(School(name: "A Primary School", phase: "primary"))
            let secondary = try store.add(School(name: "B Secondary School", phase: "secondary"))
            var participants: [Participant] = []
            for letter in ["A", "B", "C", "D", "E"] {
                participants.append(try store.add(Participant(
                    pseudonym: "Trainee \(letter)", role: "trainee", schoolID: primary.id,
                    attributes: ["programme": "initial teacher education", "topic": "light (Y3/Y4 science)"])))
            }
            participants.append(try store.add(Participant(pseudonym: "Teacher A", role: "class teacher",
                                                          schoolID: primary.id, attributes: ["years": "3-4"])))
            participants.append(try store.add(Participant(pseudonym: "Science Coordinator", role: "subject leader",
                                                          schoolID: primary.id)))
            participants.append(try store.add(Participant(pseudonym: "Enquiry Champion B", role: "enquiry champion",
                                                          schoolID: secondary.id,
                                                          attributes: ["project": "daily reading mentoring"])))
            let pluginFile = store.pluginsFolder.appendingPathComponent("demo-alliance.reading-mentoring.xml")
            try PluginStarter.file(kind: .intervention, id: "demo-alliance.reading-mentoring")
                .write(to: pluginFile, atomically: true, encoding: .utf8)
            return Summary(project: project, schools: try store.schools(), participants: try store.participants(),
                           alliancePlugin: pluginFile)
        } catch {
            try? FileManager.default.removeItem(at: store.folder)
            throw error
        }
    }
}
