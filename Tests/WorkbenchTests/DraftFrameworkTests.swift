import FrameworkAnalysis
import Testing
import WorkbenchKit

/// The draft framework's rules on their own, without a project.
@Suite("Draft framework rules")
struct DraftFrameworkTests {
    static let draft = DraftFramework(themes: [
        DraftTheme(id: "trust", name: "Trust", position: 1),
        DraftTheme(id: "relationships", name: "Relationships", position: 2),
        DraftTheme(id: "listening", name: "Listening", parentID: "trust", position: 3),
    ])

    @Test func aMergeRetiresTheThemesMovesTheirCodingsAndSubthemes() throws {
        let change = try Self.draft.merging(["trust"], into: "relationships")
        #expect(change.recode == ["trust": "relationships"])
        #expect(change.themes.map(\.id) == ["trust", "listening"])
        #expect(change.themes[0].status == .merged && change.themes[0].replacedBy == ["relationships"])
        #expect(change.themes[1].parentID == "relationships")
        #expect(change.detail == "merged 'Trust' into 'Relationships' (relationships)")
        var after = Self.draft
        for theme in change.themes { after.themes[after.themes.firstIndex { $0.id == theme.id }!] = theme }
        #expect(after.framework.allThemes.map { $0.path.joined(separator: "/") } == ["relationships", "relationships/listening"])
    }

    @Test func aSplitOfACodedThemeMustSayWhereItsCodingsGo() throws {
        #expect {
            try Self.draft.splitting("trust", into: ["Trust in staff", "Trust in pupils"], codingsTo: nil, codings: 3)
        } throws: { error in
            let error = error as? DraftError
            return error?.isMissing == true && error?.field == "codings-to"
                && error?.description.hasPrefix("'Trust' has 3 codings: say which new theme they go to") == true
        }
        let change = try Self.draft.splitting("trust", into: ["Trust in staff", "Trust in pupils"],
                                              codingsTo: "trust-in-staff", codings: 3)
        #expect(change.recode == ["trust": "trust-in-staff"])
        #expect(change.themes.map(\.id) == ["trust", "trust-in-staff", "trust-in-pupils", "listening"])
        #expect(change.themes[3].parentID == "trust-in-staff")
        #expect(change.themes[1].position == 4 && change.themes[2].position == 5)
        let byName = try Self.draft.splitting("trust", into: ["Trust in staff", "Trust in pupils"],
                                              codingsTo: "Trust in pupils", codings: 3)
        #expect(byName.recode == ["trust": "trust-in-pupils"], "the new theme may be named as it was typed")
    }

    @Test func idsComeFromNamesAndAreNeverTakenTwice() throws {
        #expect(DraftFramework.themeID(for: "Élève voice & agency") == "eleve-voice-agency")
        #expect(DraftFramework.themeID(for: "2nd thoughts") == "t-2nd-thoughts")
        #expect { try Self.draft.adding("Trust") } throws: { "\($0)".contains("already has a theme trust") }
        #expect { try Self.draft.adding("Care", parent: "nowhere") } throws: { "\($0)".contains("has no theme 'nowhere'") }
    }
}
