#!/usr/bin/env bash
# A whole enquiry cycle from the command line: the regional enquiry cluster method, steps (a)-(g).
# Run it from the repository root:   bash docs/enquiry-cycle.sh [FOLDER]
# It makes a project in FOLDER (default: enquiry-example) and writes its evidence log there.
# The test suite runs this script and compares the Markdown log with a golden file.
set -euo pipefail
WB=${WB:-"swift run --skip-build workbench"}
EXAMPLES=${EXAMPLES:-docs/examples}
READING_AGES=${READING_AGES:-Plugins/Examples/ReadingAgeGain/reading-ages.csv}
P=${1:-enquiry-example}

$WB init "$P"
$WB schools add "Northfield Primary" --phase primary --project "$P"
$WB schools add "Southgate Academy" --phase secondary --project "$P"
for t in "Teacher A" "Teacher B" "Teacher C" "Teacher D" "Teacher E"; do
  $WB participants add "$t" --role teacher --school "Northfield Primary" --project "$P"
done

# (a) A focus and research questions.
$WB enquiry new --project "$P" --date 2025-09-08 \
  --title "Coaching for confident teaching" \
  --focus "Teachers' confidence in questioning and behaviour management" \
  --question "Does peer coaching across the two schools raise teachers' sense of efficacy?" \
  --question "What do teachers say changed, and what helped?" \
  --school "Northfield Primary" --school "Southgate Academy" \
  --lead "Ms Priya Lawson" --champion "Mr Tom Greaves"

# (b) An intervention from the toolkit, a baseline and success criteria with their measures.
$WB cycle start --project "$P" --enquiry 1 --date 2025-09-15 \
  --template regional-enquiry-cluster --intervention toolkit.mc2 \
  --baseline "TSES short form answered by five teachers in September; no coaching in place" \
  --criterion "Efficacy rises by half a point: tses-short.TSES.change >= 0.5" \
  --criterion "A clear effect: tses-short.TSES.dz >= 0.8" \
  --criterion "Pupils' reading ages rise faster than the calendar: reading-age-months.gain-per-month >= 1.5"

# (c) The learning cycle: data collected before and after.
$WB responses import tses-short "$EXAMPLES/tses-short-pre.csv" --occasion pre --project "$P"
$WB responses import tses-short "$EXAMPLES/tses-short-post.csv" --occasion post --project "$P"

# (d) Evidence of progress and impact, and the leadership-learning log.
$WB evidence add --project "$P" --cycle 1 --date 2026-01-20 --kind comparison \
  --title "Teachers' sense of efficacy before and after" --source "TSES short form, coaching group" \
  --instrument tses-short --from pre --to post
$WB evidence add --project "$P" --cycle 1 --date 2026-01-22 --kind measures \
  --title "Reading ages of the pupils in the coached classes" --source "Reading tests, September and April" \
  --file "$READING_AGES" --measure "reading age (months)" --from pre --to post --months 7
$WB evidence add --project "$P" --cycle 1 --date 2026-01-23 --kind observation \
  --title "Joint observation, Year 4" --source "Mr Tom Greaves" \
  --text "Questions were open and wait time longer; two pupils who rarely speak answered."
$WB reflect --project "$P" --cycle 1 --date 2026-01-27 --by "Ms Priya Lawson" \
  --went-well "Coaching pairs met every fortnight; teachers asked for more." \
  --not-effective "The first coaching session was too long and too general." \
  --problems "Cover for release time fell through twice." \
  --leadership "Protecting the time matters more than the model."

# (e) Peer challenge and review in the cluster.
$WB review --project "$P" --cycle 1 --date 2026-02-03 --challenged-by "Eastbrook TSA" \
  --challenge "Is the efficacy rise more than the novelty of being coached?" \
  --response "We will add a comparison group of uncoached teachers next cycle."

# (f) Refine thinking and decide the next cycle.
$WB cycle close 1 --project "$P" --date 2026-02-10 --decision continue \
  --next-focus "Coaching across both schools, with a comparison group"

# (g) Share: the evidence log, in every format.
$WB log export --project "$P" --format md --out "$P/exports/evidence-log.md"
$WB log export --project "$P" --format html --out "$P/exports/evidence-log.html"
$WB log export --project "$P" --format xml --out "$P/exports/evidence-log.xml"
$WB log export --project "$P" --format json --out "$P/exports/evidence-log-package"
$WB log export --project "$P" --format md --anonymise --out "$P/exports/evidence-log-anonymised.md"
