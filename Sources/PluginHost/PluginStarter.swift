public import WorkbenchKit

/// Starter files for `workbench plugins new`: valid as written, commented so an alliance can edit them.
public enum PluginStarter {
    /// A complete, valid plugin file of `kind` with identifier `id`.
    /// - Throws: ``PluginError`` `.invalidDefinition` when `id` is not a valid plugin id.
    public static func file(kind: PluginKind, id: String) throws(PluginError) -> String {
        guard PluginDescriptor.isValidID(id) else {
            throw PluginError(.invalidDefinition, "'\(id)' is not a valid plugin id: use lower-case letters, "
                              + "digits, dots and hyphens, starting with a letter (e.g. my-alliance.staff-survey)")
        }
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!--
          A \(kind.displayName) plugin for the R&D Workbench.
          Edit the content below, then check the file with:
              workbench plugins validate \(id).xml
          Keep `id` stable once data has been collected with this plugin; raise `version`
          (MAJOR.MINOR.PATCH) whenever you change it, so earlier data keeps pointing at the
          definition it was collected with.
        -->
        <\(kind.rootElement) xmlns="\(kind.namespace)" id="\(id)" version="0.1.0" status="draft">
          <!-- The name people see in lists and reports. -->
          <name>\(title(from: id))</name>
          <!-- One <author> per person or organisation. -->
          <author>Your alliance</author>
          <!-- An SPDX licence identifier (CC-BY-4.0 lets other alliances reuse it), or "proprietary". -->
          <licence>CC-BY-4.0</licence>
          <!-- Where the content comes from; set textIncluded="false" if you leave out licensed wording. -->
          <provenance textIncluded="true">
            <source>Original work</source>
          </provenance>
        \(body(for: kind))
        </\(kind.rootElement)>

        """
    }

    private static func title(from id: String) -> String {
        let last = id.split(separator: ".").last.map(String.init) ?? id
        return last.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    private static func body(for kind: PluginKind) -> String {
        switch kind {
        case .questionnaire:
            """
              <!-- Response scales are shared by items. Each option has the code that is stored,
                   the label people see and the score used in scoring; missing="true" marks codes
                   such as "prefer not to say" that count as missing. -->
              <scale id="agreement" kind="ordinal" min="1" max="4">
                <option code="1" label="Strongly disagree" score="1"/>
                <option code="2" label="Disagree" score="2"/>
                <option code="3" label="Agree" score="3"/>
                <option code="4" label="Strongly agree" score="4"/>
                <option code="9" label="Prefer not to say" missing="true"/>
              </scale>
              <!-- Items: a stable id (never renumber), the scale it uses and its wording.
                   <showIf item="q1" value="4"/> would ask an item only after that answer. -->
              <item id="q1" scale="agreement"><text>I know what the enquiry in my school is trying to find out.</text></item>
              <item id="q2" scale="agreement"><text>I have time to try new approaches with colleagues.</text></item>
              <item id="q3" scale="agreement"><text>New initiatives here are mostly a burden.</text></item>
              <!-- Scoring: a subscale is the mean (or sum) of its items, with reverse="true" for items
                   worded the other way (scored min + max − answer) and a minimum number ("2") or share
                   ("75%") of answered items below which the score is missing. -->
              <scoring>
                <subscale id="engagement" label="Engagement with enquiry" minAnswered="2">
                  <itemRef ref="q1"/>
                  <itemRef ref="q2"/>
                  <itemRef ref="q3" reverse="true"/>
                </subscale>
              </scoring>
            """
        case .maturityMatrix:
            """
              <!-- Levels, lowest rank first. A judgement is one best-fit level per strand. -->
              <levels>
                <level id="beginning" rank="1" label="Beginning">Occasional, depends on a few people.</level>
                <level id="developing" rank="2" label="Developing">Planned in some places, uneven.</level>
                <level id="embedding" rank="3" label="Embedding">Routine and checked for impact.</level>
              </levels>
              <!-- Dimensions group strands; a strand may describe what each level looks like. -->
              <dimension id="teaching" name="Teaching and learning">
                <strand id="teaching.feedback" name="Feedback">
                  <descriptor level="beginning">Feedback practice differs from class to class.</descriptor>
                  <descriptor level="embedding">A shared feedback approach is used and reviewed each term.</descriptor>
                </strand>
              </dimension>
            """
        case .observationSchedule:
            """
              <!-- Sections of criteria. Observers record free-text evidence against each criterion. -->
              <section id="climate" name="Learning climate">
                <criterion id="climate.routines">Routines let pupils start work promptly.</criterion>
                <criterion id="climate.talk">Pupils talk about their thinking with each other.</criterion>
              </section>
            """
        case .codingFramework:
            """
              <!-- Themes form a hierarchy; give each a definition coders can apply consistently,
                   notes on when to use it (include) and not (exclude), and optional indicators
                   for auto-coding: keywords or phrases (whole words, any case), regular
                   expressions (pattern) and speakers (speaker; "Trainee*" matches any trainee). -->
              <theme id="change" name="Areas of change">
                <definition>What participants say has changed in their practice.</definition>
                <theme id="change.confidence" name="Confidence">
                  <definition>Statements about feeling more or less able to teach the topic.</definition>
                  <include>Any change in confidence, up or down.</include>
                  <exclude>Confidence of pupils: code it under pupils' attitudes.</exclude>
                  <keyword>confidence</keyword>
                  <keyword>confident</keyword>
                  <pattern>out of my depth</pattern>
                  <related ref="mechanism"/>
                </theme>
              </theme>
              <theme id="mechanism" name="Change mechanisms">
                <definition>What participants say brought the change about.</definition>
              </theme>
            """
        case .intervention:
            """
              <!-- What the intervention is, the maturity-matrix strands it serves and how to see its effect. -->
              <summary>Older pupils mentor younger readers for ten minutes, four days a week.</summary>
              <strand ref="jpd.mentoring_coaching"/>
              <measure>reading age (months)</measure>
            """
        case .cycleTemplate:
            """
              <!-- Steps in order, each with the artefacts it is expected to produce. -->
              <step id="focus" name="Choose a focus">
                <artefact>research question</artefact>
              </step>
              <step id="baseline" name="Take a baseline">
                <artefact>baseline measure</artefact>
              </step>
              <step id="review" name="Review with peers">
                <artefact>peer-review notes</artefact>
              </step>
            """
        }
    }
}
