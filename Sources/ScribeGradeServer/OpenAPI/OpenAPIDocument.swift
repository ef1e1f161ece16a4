/// The OpenAPI 3.1 description of the service, served at `/openapi.yaml`.
///
/// Every route of the router is described here and nothing else is (a test compares them).
/// Each operation names in `x-permission` what it requires and in `x-roles` the roles that
/// hold it; routes without a token have `security: []`.
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.1.0
info:
  title: ScribeGrade grading service
  version: "1"
  summary: Grade AI scribe notes against clinician rubrics, rank scribe products, calibrate judges against clinicians.
  description: |
    Upload rubrics (YAML), transcripts and notes; start grading runs with the judges of the
    service's scribegrade.yaml (or `baseline`); read results in the JSON contract of
    `scribegrade grade --format json`; submit clinicians' ratings and answer the review queue;
    read the calibration of a run's judges against the clinicians.

    Every route except /healthz and the sign-in form needs a bearer token
    (`Authorization: Bearer sgt_…`, created with `scribegrade token create --role ROLE`). Roles:
    admin (everything), grader (submit inputs, start and cancel runs), reviewer (review queue,
    expert ratings), viewer (read). Every error is an RFC 9457 problem object
    (`application/problem+json`); web pages asked for with `Accept: text/html` get the same
    status as an HTML page.
  license:
    name: Apache-2.0
    identifier: Apache-2.0
servers:
  - url: /
security:
  - bearerAuth: []
  - sessionCookie: []
tags:
  - name: service
  - name: rubrics
  - name: encounters
  - name: notes
  - name: runs
  - name: ratings
  - name: review
  - name: pages
paths:
  /healthz:
    get:
      operationId: health
      tags: [service]
      summary: Liveness and store check; needs no token.
      security: []
      x-permission: none
      x-roles: []
      responses:
        "200":
          description: The service is up and its store readable.
          content:
            application/json:
              schema:
                type: object
                required: [status, version]
                properties:
                  status: {type: string, const: ok}
                  version: {type: string}
        "503": {$ref: "#/components/responses/Problem"}
  /metrics:
    get:
      operationId: metrics
      tags: [service]
      summary: Prometheus text exposition of the service's metrics.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      responses:
        "200":
          description: Runs, judgments, provider errors, tokens, cost and latency histograms.
          content:
            text/plain:
              schema: {type: string}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
  /openapi.yaml:
    get:
      operationId: openAPI
      tags: [service]
      summary: This document.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      responses:
        "200":
          description: The OpenAPI document.
          content:
            application/yaml:
              schema: {type: string}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
  /api/rubrics:
    get:
      operationId: listRubrics
      tags: [rubrics]
      summary: The stored rubrics and include fragments.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      responses:
        "200":
          description: Rubrics by id.
          content:
            application/json:
              schema:
                type: object
                required: [rubrics, fragments]
                properties:
                  rubrics:
                    type: array
                    items: {$ref: "#/components/schemas/RubricSummary"}
                  fragments:
                    type: array
                    items:
                      type: object
                      required: [path, updated_at]
                      properties:
                        path: {type: string}
                        updated_at: {type: string, format: date-time}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
    post:
      operationId: uploadRubric
      tags: [rubrics]
      summary: Upload a rubric (or an include fragment) as YAML.
      description: |
        Validated exactly as `scribegrade validate` validates a file: every problem at once, as
        `file:line:col: error: message` diagnostics in a 422 problem. `file` names the file in
        diagnostics and in the service's rubric folder (default `<id>.yaml`); includes resolve
        against the other uploaded files only. Uploading a rubric again replaces it.
      security:
        - bearerAuth: []
      x-permission: submit
      x-roles: [admin, grader]
      parameters:
        - name: file
          in: query
          required: false
          description: Relative path such as `day1_consultation01.yaml` or `common/soap-quality.yaml`.
          schema: {type: string}
      requestBody:
        required: true
        content:
          application/yaml:
            schema: {type: string}
          text/plain:
            schema: {type: string}
      responses:
        "201":
          description: Stored; lint warnings are returned.
          headers:
            Location:
              schema: {type: string}
          content:
            application/json:
              schema:
                type: object
                required: [path, kind, warnings]
                properties:
                  path: {type: string}
                  kind: {type: string, enum: [rubric, fragment]}
                  rubric: {$ref: "#/components/schemas/RubricSummary"}
                  warnings:
                    type: array
                    items: {$ref: "#/components/schemas/Diagnostic"}
        "400": {$ref: "#/components/responses/Problem"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "409": {$ref: "#/components/responses/Problem"}
        "413": {$ref: "#/components/responses/Problem"}
        "415": {$ref: "#/components/responses/Problem"}
        "422": {$ref: "#/components/responses/Problem"}
  /api/rubrics/{rubric}:
    get:
      operationId: getRubric
      tags: [rubrics]
      summary: One rubric with its criteria and YAML.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      parameters:
        - {$ref: "#/components/parameters/rubric"}
      responses:
        "200":
          description: The rubric.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Rubric"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "404": {$ref: "#/components/responses/Problem"}
  /api/encounters:
    get:
      operationId: listEncounters
      tags: [encounters]
      summary: The stored transcripts.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      responses:
        "200":
          description: Transcripts by encounter id.
          content:
            application/json:
              schema:
                type: object
                required: [encounters]
                properties:
                  encounters:
                    type: array
                    items: {$ref: "#/components/schemas/EncounterSummary"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
    post:
      operationId: uploadEncounter
      tags: [encounters]
      summary: Upload a transcript.
      description: |
        JSON turns (`{"encounter": ID, "turns": [{"speaker", "text", "start", "end"}]}` or an
        array of turns), or text: `Speaker: text` lines or an ACI-Bench `[doctor] …` dialogue.
        Parsed by the same importers as the CLI's transcript files. Replaces an earlier
        transcript of the encounter.
      security:
        - bearerAuth: []
      x-permission: submit
      x-roles: [admin, grader]
      parameters:
        - name: id
          in: query
          required: false
          description: The encounter id; required for text, optional for JSON naming it.
          schema: {type: string}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              oneOf:
                - type: object
                  required: [turns]
                  properties:
                    encounter: {type: string}
                    turns:
                      type: array
                      items: {$ref: "#/components/schemas/Turn"}
                - type: array
                  items: {$ref: "#/components/schemas/Turn"}
          text/plain:
            schema: {type: string}
      responses:
        "201":
          description: Stored.
          headers:
            Location:
              schema: {type: string}
          content:
            application/json:
              schema:
                type: object
                required: [encounter]
                properties:
                  encounter: {$ref: "#/components/schemas/EncounterSummary"}
        "400": {$ref: "#/components/responses/Problem"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "413": {$ref: "#/components/responses/Problem"}
        "415": {$ref: "#/components/responses/Problem"}
        "422": {$ref: "#/components/responses/Problem"}
  /api/encounters/{encounter}:
    get:
      operationId: getEncounter
      tags: [encounters]
      summary: One transcript, turn by turn.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      parameters:
        - {$ref: "#/components/parameters/encounter"}
      responses:
        "200":
          description: The transcript.
          content:
            application/json:
              schema:
                type: object
                required: [id, turns]
                properties:
                  id: {type: string}
                  turns:
                    type: array
                    items: {$ref: "#/components/schemas/Turn"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "404": {$ref: "#/components/responses/Problem"}
  /api/notes:
    get:
      operationId: listNotes
      tags: [notes]
      summary: The stored notes (ids and lengths, not texts).
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      parameters:
        - name: system
          in: query
          required: false
          schema: {type: string}
      responses:
        "200":
          description: Notes by system and encounter.
          content:
            application/json:
              schema:
                type: object
                required: [notes]
                properties:
                  notes:
                    type: array
                    items: {$ref: "#/components/schemas/NoteSummary"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
    post:
      operationId: submitNotes
      tags: [notes]
      summary: Submit one note, or a batch of one system's notes.
      description: |
        One note: `{"system", "encounter", "note"}`. A batch: `{"system", "notes": [{"encounter",
        "note"}]}`. Every problem is reported at once; nothing is stored unless all are valid.
        A note replaces the system's earlier note for its encounter.
      security:
        - bearerAuth: []
      x-permission: submit
      x-roles: [admin, grader]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [system]
              properties:
                system: {type: string, pattern: "^[A-Za-z0-9._-]{1,128}$"}
                encounter: {type: string, pattern: "^[A-Za-z0-9._-]{1,128}$"}
                note: {type: string, minLength: 1}
                notes:
                  type: array
                  minItems: 1
                  maxItems: \#(RequestLimits.notesPerBatch)
                  items:
                    type: object
                    required: [encounter, note]
                    properties:
                      encounter: {type: string, pattern: "^[A-Za-z0-9._-]{1,128}$"}
                      note: {type: string, minLength: 1}
      responses:
        "201":
          description: Stored.
          content:
            application/json:
              schema:
                type: object
                required: [stored, notes, warnings]
                properties:
                  stored: {type: integer}
                  notes:
                    type: array
                    items: {$ref: "#/components/schemas/NoteSummary"}
                  warnings:
                    type: array
                    items: {$ref: "#/components/schemas/Diagnostic"}
        "400": {$ref: "#/components/responses/Problem"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "413": {$ref: "#/components/responses/Problem"}
        "415": {$ref: "#/components/responses/Problem"}
        "422": {$ref: "#/components/responses/Problem"}
  /api/notes/{system}/{encounter}:
    get:
      operationId: getNote
      tags: [notes]
      summary: One note's text.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      parameters:
        - {$ref: "#/components/parameters/system"}
        - {$ref: "#/components/parameters/encounter"}
      responses:
        "200":
          description: The note.
          content:
            application/json:
              schema:
                type: object
                required: [system, encounter, words, text]
                properties:
                  system: {type: string}
                  encounter: {type: string}
                  words: {type: integer}
                  text: {type: string}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "404": {$ref: "#/components/responses/Problem"}
  /api/runs:
    get:
      operationId: listRuns
      tags: [runs]
      summary: Every run in the store, newest first.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      responses:
        "200":
          description: Runs.
          content:
            application/json:
              schema:
                type: object
                required: [runs]
                properties:
                  runs:
                    type: array
                    items: {$ref: "#/components/schemas/Run"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
    post:
      operationId: startRun
      tags: [runs]
      summary: Start grading the stored notes against the stored rubrics.
      description: |
        Runs asynchronously; poll `GET /api/runs/{run}`. The run id is a hash of the questions,
        so the same request on unchanged inputs names the same run: it resumes a cancelled or
        incomplete run and reuses every stored answer. Judges: names from the service's
        scribegrade.yaml and `baseline`; admins may also name `openai:MODEL[@URL]` /
        `anthropic:MODEL[@URL]`, and any other role naming one gets a 422 listing the judges it
        may use (403 for one with a base URL). `replay:` judges are refused.
      security:
        - bearerAuth: []
      x-permission: run
      x-roles: [admin, grader]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [judges]
              properties:
                judges:
                  type: array
                  minItems: 1
                  maxItems: \#(RequestLimits.judges)
                  items: {type: string}
                systems:
                  type: array
                  items: {type: string}
                encounters:
                  type: array
                  items: {type: string}
                samples: {type: integer, minimum: 1, maximum: \#(RequestLimits.samples)}
                max_cost: {type: number, minimum: 0}
                concurrency:
                  type: integer
                  minimum: 1
                  maximum: \#(RequestLimits.concurrency)
                  description: Calls in flight; also at most the concurrency each judge is configured with.
      responses:
        "202":
          description: Started (or already running).
          headers:
            Location:
              schema: {type: string}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Run"}
        "400": {$ref: "#/components/responses/Problem"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "413": {$ref: "#/components/responses/Problem"}
        "415": {$ref: "#/components/responses/Problem"}
        "422": {$ref: "#/components/responses/Problem"}
  /api/runs/{run}:
    get:
      operationId: getRun
      tags: [runs]
      summary: A run's status and progress.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      parameters:
        - {$ref: "#/components/parameters/run"}
      responses:
        "200":
          description: The run.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Run"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "404": {$ref: "#/components/responses/Problem"}
  /api/runs/{run}/cancel:
    post:
      operationId: cancelRun
      tags: [runs]
      summary: Stop a run in flight; what was answered is kept, and starting it again resumes it.
      security:
        - bearerAuth: []
      x-permission: run
      x-roles: [admin, grader]
      parameters:
        - {$ref: "#/components/parameters/run"}
      responses:
        "202":
          description: Cancelling.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Run"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "404": {$ref: "#/components/responses/Problem"}
        "409": {$ref: "#/components/responses/Problem"}
  /api/runs/{run}/results:
    get:
      operationId: getRunResults
      tags: [runs]
      summary: The run's results in the JSON contract of `scribegrade grade --format json`.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      parameters:
        - {$ref: "#/components/parameters/run"}
        - name: combine
          in: query
          required: false
          schema: {type: string, enum: [majority, unanimity, mean]}
        - {$ref: "#/components/parameters/bootstrap"}
        - {$ref: "#/components/parameters/seed"}
      responses:
        "200":
          description: Leaderboard, comparisons and every note's score.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/GradeReport"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "404": {$ref: "#/components/responses/Problem"}
        "422": {$ref: "#/components/responses/Problem"}
  /api/runs/{run}/judgments:
    get:
      operationId: getRunJudgments
      tags: [runs]
      summary: Every judgment of the run; explanations and evidence are left out for viewers when the service is configured so.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      parameters:
        - {$ref: "#/components/parameters/run"}
        - name: system
          in: query
          required: false
          schema: {type: string}
        - name: encounter
          in: query
          required: false
          schema: {type: string}
      responses:
        "200":
          description: Judgments in the run's order.
          content:
            application/json:
              schema:
                type: object
                required: [run, explanations_shown, judgments]
                properties:
                  run: {type: string}
                  explanations_shown: {type: boolean}
                  judgments:
                    type: array
                    items: {$ref: "#/components/schemas/Judgment"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "404": {$ref: "#/components/responses/Problem"}
  /api/runs/{run}/calibration:
    get:
      operationId: getRunCalibration
      tags: [runs, ratings]
      summary: The run's judges against every stored expert rating, as `scribegrade calibrate --format json` reports it.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      parameters:
        - {$ref: "#/components/parameters/run"}
        - {$ref: "#/components/parameters/bootstrap"}
        - {$ref: "#/components/parameters/seed"}
      responses:
        "200":
          description: The calibration report.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/CalibrationReport"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "404": {$ref: "#/components/responses/Problem"}
        "422": {$ref: "#/components/responses/Problem"}
  /api/ratings:
    get:
      operationId: listRatings
      tags: [ratings]
      summary: Stored expert ratings.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      parameters:
        - name: rater
          in: query
          required: false
          schema: {type: string}
        - name: source
          in: query
          required: false
          description: "`review` for answers from the review queue, `api` for uploads."
          schema: {type: string}
      responses:
        "200":
          description: Ratings by item and rater.
          content:
            application/json:
              schema:
                type: object
                required: [ratings]
                properties:
                  ratings:
                    type: array
                    items: {$ref: "#/components/schemas/Rating"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
    post:
      operationId: submitRatings
      tags: [ratings]
      summary: Submit clinicians' verdicts per criterion, or ratings of whole notes on dimensions.
      description: |
        Criterion level: JSON `{"ratings": [{"system", "encounter", "rubric"?, "criterion", "rater"?, "verdict"}]}`
        (rater defaults to the token's name), or the CSV `scribegrade ratings import` reads
        (`system,encounter,criterion,rater,verdict[,rubric]`). A rater's new verdict on an item
        replaces the earlier one.

        Note level: the CSV `system,encounter,rater,dimension,value[,inclusion_probability]`
        (told apart by its header, as `ratings import` does), each dimension's scale declared in
        a `scale` query parameter, repeated: `?scale=quality=ordinal:1,2,3,4,5&scale=omission_rate=interval:0:1`
        (`binary`, `ordinal:L1,L2,…` or `interval:LO:HI`, as `ratings import --scale`). Stored as
        one source, `<file>@<first 12 hex digits of the content's SHA-256>`, which replaces an
        earlier upload of the same content and is listed and deleted at `/api/ratings/sources`.
        A dimension without a declared scale, or a value outside its scale, is a 422 problem
        whose `diagnostics` name the line and column, never the value sent.
      security:
        - bearerAuth: []
      x-permission: review
      x-roles: [admin, reviewer]
      parameters:
        - name: scale
          in: query
          required: false
          description: "Note-level CSV only: `DIMENSION=SCALE`, one per dimension."
          style: form
          explode: true
          schema:
            type: array
            items: {type: string}
        - name: file
          in: query
          required: false
          description: "Note-level CSV only: the name of the source (default `api.csv`)."
          schema: {type: string}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [ratings]
              properties:
                ratings:
                  type: array
                  minItems: 1
                  items:
                    type: object
                    required: [system, encounter, criterion, verdict]
                    properties:
                      system: {type: string, minLength: 1}
                      encounter: {type: string, minLength: 1}
                      rubric: {type: string}
                      criterion: {type: string, minLength: 1}
                      rater: {type: string}
                      verdict: {type: string, enum: [met, not_met]}
          text/csv:
            schema: {type: string}
      responses:
        "201":
          description: Stored.
          content:
            application/json:
              schema:
                type: object
                required: [stored, raters]
                properties:
                  stored: {type: integer}
                  raters:
                    type: array
                    items: {type: string}
                  source: {type: string, description: "Note level: the source the ratings are stored as."}
                  level: {type: string, enum: [note]}
                  dimensions:
                    type: object
                    description: "Note level: each dimension's declared scale."
                    additionalProperties: {type: string}
        "400": {$ref: "#/components/responses/Problem"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "413": {$ref: "#/components/responses/Problem"}
        "415": {$ref: "#/components/responses/Problem"}
        "422": {$ref: "#/components/responses/Problem"}
  /api/ratings/sources:
    get:
      operationId: listRatingSources
      tags: [ratings]
      summary: Stored rating sources of both levels, with their raters, dimensions and counts.
      description: |
        One entry per source: an imported or uploaded file (`<file>@<hash>`), `review` (answers
        from the review pages) or `api` (criterion-level uploads). `dimensions` holds the
        declared scale of each dimension of a note-level source.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      responses:
        "200":
          description: The sources, by id.
          content:
            application/json:
              schema:
                type: object
                required: [sources]
                properties:
                  sources:
                    type: array
                    items: {$ref: "#/components/schemas/RatingSource"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
  /api/ratings/sources/{source}:
    delete:
      operationId: deleteRatingSource
      tags: [ratings]
      summary: Remove every rating of one source, as `scribegrade ratings delete` does.
      security:
        - bearerAuth: []
      x-permission: review
      x-roles: [admin, reviewer]
      parameters:
        - name: source
          in: path
          required: true
          schema: {type: string}
      responses:
        "200":
          description: Deleted.
          content:
            application/json:
              schema:
                type: object
                required: [source, deleted]
                properties:
                  source: {type: string}
                  deleted: {type: integer, description: Ratings removed.}
        "400": {$ref: "#/components/responses/Problem"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "404": {$ref: "#/components/responses/Problem"}
  /api/review/next:
    get:
      operationId: nextReviewItem
      tags: [review]
      summary: The calling reviewer's next item — criterion, note and transcript, never a judge's verdict.
      x-permission: review
      x-roles: [admin, reviewer]
      parameters:
        - name: run
          in: query
          required: false
          description: Default the newest run of rubric criteria.
          schema: {type: string}
      responses:
        "200":
          description: The next item, or `item` absent when the queue is empty.
          content:
            application/json:
              schema:
                type: object
                required: [run, answered, remaining, budget, selected, pairs]
                properties:
                  run: {type: string}
                  answered: {type: integer, description: Judged items of the run the caller has rated.}
                  remaining: {type: integer, description: "Drawn items nobody has rated yet, of systems still asked about."}
                  budget: {type: integer, description: "Answers the queue's random sample is drawn for (`serve --review-budget`; default 10% of the judged items, at least 50), split equally between systems."}
                  selected: {type: integer, description: Items the sample drew.}
                  item: {$ref: "#/components/schemas/ReviewItem"}
                  inclusion_probability:
                    type: number
                    description: The probability the queue drew the item with (Poisson sampling, larger where the judges disagree); stored with the answer so the corrected leaderboard stays unbiased.
                  criterion:
                    type: object
                    required: [id, text, section, points, critical]
                    properties:
                      id: {type: string}
                      text: {type: string}
                      section: {type: string}
                      points: {type: number}
                      critical: {type: boolean}
                  note: {type: string}
                  transcript:
                    type: array
                    items: {$ref: "#/components/schemas/Turn"}
                  pairs:
                    description: Per pair of systems, the corrected difference a − b and the further answers expected before its 95% interval excludes 0; systems whose every pair is resolved are no longer asked about. Empty until the ratings give a corrected leaderboard.
                    type: array
                    items:
                      type: object
                      required: [a, b, difference, ci95, answers_needed, capped, resolved]
                      properties:
                        a: {type: string}
                        b: {type: string}
                        difference: {type: number}
                        ci95: {type: [array, "null"], items: {type: number}}
                        answers_needed:
                          type: [integer, "null"]
                          description: n·(half-width/|difference|)² − n; 0 when resolved, null without an interval or with a difference of 0.
                        capped: {type: boolean, description: answers_needed was cut to the answers the queue still holds for the two systems.}
                        resolved: {type: boolean, description: The interval excludes 0.}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "404": {$ref: "#/components/responses/Problem"}
  /api/review/answers:
    post:
      operationId: answerReviewItem
      tags: [review]
      summary: Answer an item the queue drew; stored at once as the reviewer's expert rating (source `review`) with the item's inclusion probability. An item the queue did not draw is refused (422).
      security:
        - bearerAuth: []
      x-permission: review
      x-roles: [admin, reviewer]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [system, encounter, rubric, criterion, verdict]
              properties:
                run: {type: string}
                system: {type: string}
                encounter: {type: string}
                rubric: {type: string}
                criterion: {type: string}
                verdict: {type: string, enum: [met, not_met]}
      responses:
        "201":
          description: Stored.
          content:
            application/json:
              schema:
                type: object
                required: [run, stored, verdict, rater, inclusion_probability]
                properties:
                  run: {type: string}
                  stored: {$ref: "#/components/schemas/ReviewItem"}
                  verdict: {type: string, enum: [met, not_met]}
                  rater: {type: string}
                  inclusion_probability: {type: number, description: "The probability the queue drew the item with, stored with the rating."}
        "400": {$ref: "#/components/responses/Problem"}
        "401": {$ref: "#/components/responses/Problem"}
        "403": {$ref: "#/components/responses/Problem"}
        "404": {$ref: "#/components/responses/Problem"}
        "413": {$ref: "#/components/responses/Problem"}
        "415": {$ref: "#/components/responses/Problem"}
        "422": {$ref: "#/components/responses/Problem"}
  /login:
    get:
      operationId: loginForm
      tags: [pages]
      summary: The sign-in form of the web pages; needs no token. Sets the form's CSRF cookie `scribegrade_login`.
      security: []
      x-permission: none
      x-roles: []
      parameters:
        - name: next
          in: query
          required: false
          schema: {type: string}
      responses:
        "200": {$ref: "#/components/responses/Page"}
    post:
      operationId: login
      tags: [pages]
      summary: Exchange a token for a session cookie (HttpOnly, SameSite=Strict; Secure off loopback).
      security: []
      x-permission: none
      x-roles: []
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [token, csrf]
              properties:
                token: {type: string}
                next:
                  type: string
                  description: The page to return to; only a path of one of the pages, else the leaderboard.
                csrf:
                  type: string
                  description: The form's CSRF token, equal to its `scribegrade_login` cookie (set by GET /login).
      responses:
        "303":
          description: Signed in; goes to `next` (a path of one of the pages) or the leaderboard.
          headers:
            Location:
              schema: {type: string}
            Set-Cookie:
              schema: {type: string}
        "400": {$ref: "#/components/responses/ProblemOrPage"}
        "401": {$ref: "#/components/responses/ProblemOrPage"}
        "403": {$ref: "#/components/responses/ProblemOrPage"}
        "413": {$ref: "#/components/responses/ProblemOrPage"}
        "415": {$ref: "#/components/responses/ProblemOrPage"}
  /logout:
    post:
      operationId: logout
      tags: [pages]
      summary: End the browser session.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                csrf: {type: string}
      responses:
        "303":
          description: Signed out; goes to /login.
          headers:
            Location:
              schema: {type: string}
        "400": {$ref: "#/components/responses/ProblemOrPage"}
        "401": {$ref: "#/components/responses/ProblemOrPage"}
        "403": {$ref: "#/components/responses/ProblemOrPage"}
        "413": {$ref: "#/components/responses/ProblemOrPage"}
        "415": {$ref: "#/components/responses/ProblemOrPage"}
  /:
    get:
      operationId: leaderboardPage
      tags: [pages]
      summary: The leaderboard of the newest run of rubric criteria.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      responses:
        "200": {$ref: "#/components/responses/Page"}
        "401": {$ref: "#/components/responses/ProblemOrPage"}
        "403": {$ref: "#/components/responses/ProblemOrPage"}
  /runs/{run}:
    get:
      operationId: runLeaderboardPage
      tags: [pages]
      summary: A run's leaderboard.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      parameters:
        - {$ref: "#/components/parameters/run"}
      responses:
        "200": {$ref: "#/components/responses/Page"}
        "401": {$ref: "#/components/responses/ProblemOrPage"}
        "403": {$ref: "#/components/responses/ProblemOrPage"}
        "404": {$ref: "#/components/responses/ProblemOrPage"}
  /runs/{run}/notes/{system}/{encounter}:
    get:
      operationId: notePage
      tags: [pages]
      summary: A graded note and its transcript side by side, with verdicts, explanations and highlighted evidence.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      parameters:
        - {$ref: "#/components/parameters/run"}
        - {$ref: "#/components/parameters/system"}
        - {$ref: "#/components/parameters/encounter"}
      responses:
        "200": {$ref: "#/components/responses/Page"}
        "401": {$ref: "#/components/responses/ProblemOrPage"}
        "403": {$ref: "#/components/responses/ProblemOrPage"}
        "404": {$ref: "#/components/responses/ProblemOrPage"}
  /calibration:
    get:
      operationId: calibrationPage
      tags: [pages]
      summary: The calibration of the newest run of rubric criteria.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      responses:
        "200": {$ref: "#/components/responses/Page"}
        "401": {$ref: "#/components/responses/ProblemOrPage"}
        "403": {$ref: "#/components/responses/ProblemOrPage"}
        "404": {$ref: "#/components/responses/ProblemOrPage"}
  /runs/{run}/calibration:
    get:
      operationId: runCalibrationPage
      tags: [pages]
      summary: A run's judges against the experts, next to the experts' agreement among themselves.
      x-permission: read
      x-roles: [admin, grader, reviewer, viewer]
      parameters:
        - {$ref: "#/components/parameters/run"}
      responses:
        "200": {$ref: "#/components/responses/Page"}
        "401": {$ref: "#/components/responses/ProblemOrPage"}
        "403": {$ref: "#/components/responses/ProblemOrPage"}
        "404": {$ref: "#/components/responses/ProblemOrPage"}
  /review:
    get:
      operationId: reviewPage
      tags: [pages, review]
      summary: The review queue, one criterion at a time without the judges' verdicts.
      x-permission: review
      x-roles: [admin, reviewer]
      parameters:
        - name: run
          in: query
          required: false
          schema: {type: string}
        - name: saved
          in: query
          required: false
          schema: {type: string}
      responses:
        "200": {$ref: "#/components/responses/Page"}
        "401": {$ref: "#/components/responses/ProblemOrPage"}
        "403": {$ref: "#/components/responses/ProblemOrPage"}
        "404": {$ref: "#/components/responses/ProblemOrPage"}
    post:
      operationId: reviewAnswer
      tags: [pages, review]
      summary: Answer the item shown (form post); goes on to the next item.
      x-permission: review
      x-roles: [admin, reviewer]
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [system, encounter, rubric, criterion, verdict]
              properties:
                csrf: {type: string}
                run: {type: string}
                system: {type: string}
                encounter: {type: string}
                rubric: {type: string}
                criterion: {type: string}
                verdict: {type: string, enum: [met, not_met]}
      responses:
        "303":
          description: Stored; goes to the next item.
          headers:
            Location:
              schema: {type: string}
        "400": {$ref: "#/components/responses/ProblemOrPage"}
        "401": {$ref: "#/components/responses/ProblemOrPage"}
        "403": {$ref: "#/components/responses/ProblemOrPage"}
        "404": {$ref: "#/components/responses/ProblemOrPage"}
        "413": {$ref: "#/components/responses/ProblemOrPage"}
        "415": {$ref: "#/components/responses/ProblemOrPage"}
        "422": {$ref: "#/components/responses/ProblemOrPage"}
  /review/notes:
    get:
      operationId: noteReviewPage
      tags: [pages, review]
      summary: Note-level review, one note at a time, scored on the configured dimensions without the judges' scores.
      description: |
        The next note of the run (the latest when `run` is absent) the caller has not rated on
        every dimension, with its transcript and a form field per dimension: the scales the
        stored rating sources declare, else those of `serve --review-dimension`.
      x-permission: review
      x-roles: [admin, reviewer]
      parameters:
        - name: run
          in: query
          required: false
          schema: {type: string}
        - name: saved
          in: query
          required: false
          schema: {type: string}
      responses:
        "200": {$ref: "#/components/responses/Page"}
        "401": {$ref: "#/components/responses/ProblemOrPage"}
        "403": {$ref: "#/components/responses/ProblemOrPage"}
        "404": {$ref: "#/components/responses/ProblemOrPage"}
    post:
      operationId: noteReviewAnswer
      tags: [pages, review]
      summary: Rate the note shown (form post); stored under the source `review-notes`, then goes on to the next note.
      description: |
        One field `dimension.NAME` per configured dimension: a level of an ordinal scale, `1` or
        `0` on a binary one, a number within an interval scale's range. A missing value or one
        outside its scale is a 422 naming the field; nothing is stored then.
      x-permission: review
      x-roles: [admin, reviewer]
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [system, encounter]
              properties:
                csrf: {type: string}
                run: {type: string}
                system: {type: string}
                encounter: {type: string}
              additionalProperties: {type: string}
      responses:
        "303":
          description: Stored; goes to the next note.
          headers:
            Location:
              schema: {type: string}
        "400": {$ref: "#/components/responses/ProblemOrPage"}
        "401": {$ref: "#/components/responses/ProblemOrPage"}
        "403": {$ref: "#/components/responses/ProblemOrPage"}
        "404": {$ref: "#/components/responses/ProblemOrPage"}
        "409": {$ref: "#/components/responses/ProblemOrPage"}
        "413": {$ref: "#/components/responses/ProblemOrPage"}
        "415": {$ref: "#/components/responses/ProblemOrPage"}
        "422": {$ref: "#/components/responses/ProblemOrPage"}
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
      description: A token from `scribegrade token create`.
    sessionCookie:
      type: apiKey
      in: cookie
      name: scribegrade_session
      description: Set by POST /login; accepted for reading and for the web pages' forms.
  parameters:
    rubric:
      name: rubric
      in: path
      required: true
      schema: {type: string}
    encounter:
      name: encounter
      in: path
      required: true
      schema: {type: string}
    system:
      name: system
      in: path
      required: true
      schema: {type: string}
    run:
      name: run
      in: path
      required: true
      schema: {type: string}
    bootstrap:
      name: bootstrap
      in: query
      required: false
      description: Bootstrap resamples for confidence intervals (default 1000).
      schema: {type: integer, minimum: 1, maximum: \#(RequestLimits.bootstrapResamples)}
    seed:
      name: seed
      in: query
      required: false
      schema: {type: integer, minimum: 0}
  responses:
    Problem:
      description: An RFC 9457 problem.
      content:
        application/problem+json:
          schema: {$ref: "#/components/schemas/Problem"}
    ProblemOrPage:
      description: "An RFC 9457 problem, or for `Accept: text/html` the same status as a page."
      content:
        application/problem+json:
          schema: {$ref: "#/components/schemas/Problem"}
        text/html:
          schema: {type: string}
    Page:
      description: A server-rendered HTML page with inline SVG charts and no script.
      content:
        text/html:
          schema: {type: string}
  schemas:
    Problem:
      type: object
      required: [type, title, status, instance]
      properties:
        type: {type: string}
        title: {type: string}
        status: {type: integer}
        detail: {type: string}
        instance: {type: string}
        diagnostics:
          type: array
          items: {$ref: "#/components/schemas/Diagnostic"}
    Diagnostic:
      type: object
      required: [severity, file, message, text]
      properties:
        severity: {type: string, enum: [error, warning, note]}
        file: {type: string}
        line: {type: integer}
        column: {type: integer}
        message: {type: string}
        text: {type: string, description: "`file:line:col: error: message`"}
    RubricSummary:
      type: object
      required: [id, encounter, version, path, criteria, positive_points, updated_at]
      properties:
        id: {type: string}
        encounter: {type: string}
        version: {type: integer}
        title: {type: string}
        source: {type: string}
        path: {type: string}
        criteria: {type: integer}
        positive_points: {type: number}
        updated_at: {type: string, format: date-time}
    Rubric:
      type: object
      required: [id, encounter, version, path, includes, positive_points, updated_at, yaml, criteria]
      properties:
        id: {type: string}
        encounter: {type: string}
        version: {type: integer}
        title: {type: string}
        source: {type: string}
        path: {type: string}
        includes:
          type: array
          items: {type: string}
        positive_points: {type: number}
        updated_at: {type: string, format: date-time}
        yaml: {type: string}
        criteria:
          type: array
          items:
            type: object
            required: [id, section, text, points, critical, tags]
            properties:
              id: {type: string}
              section: {type: string, enum: [subjective, objective, assessment, plan, any]}
              text: {type: string}
              points: {type: number}
              critical: {type: boolean}
              tags:
                type: array
                items: {type: string}
              parent: {type: string}
    Turn:
      type: object
      required: [speaker, text]
      properties:
        speaker: {type: string}
        text: {type: string}
        start: {type: number}
        end: {type: number}
    EncounterSummary:
      type: object
      required: [id, turns, speakers]
      properties:
        id: {type: string}
        turns: {type: integer}
        speakers:
          type: array
          items: {type: string}
        duration: {type: number}
    NoteSummary:
      type: object
      required: [system, encounter, words]
      properties:
        system: {type: string}
        encounter: {type: string}
        words: {type: integer}
    Tokens:
      type: object
      required: [input, cached_input, cache_creation, output]
      properties:
        input: {type: integer}
        cached_input: {type: integer}
        cache_creation: {type: integer}
        output: {type: integer}
    Run:
      type: object
      required: [id, status, active, created_at, task, samples, judges, notes, systems, encounters]
      properties:
        id: {type: string}
        status: {type: string, enum: [running, cancelling, completed, incomplete, budget_exhausted, cancelled, interrupted]}
        active: {type: boolean, description: Whether this service is executing the run now.}
        created_at: {type: string, format: date-time}
        task: {type: string, enum: [criterion, statement_support]}
        samples: {type: integer}
        judges:
          type: array
          items:
            type: object
            required: [name, kind, label]
            properties:
              name: {type: string}
              kind: {type: string}
              label: {type: string}
              model: {type: string}
        notes: {type: integer}
        systems:
          type: array
          items: {type: string}
        encounters: {type: integer}
        progress:
          type: object
          required: [total, answered, failed]
          properties:
            total: {type: integer}
            answered: {type: integer}
            failed: {type: integer}
            reused: {type: integer}
            tokens: {$ref: "#/components/schemas/Tokens"}
            cost: {type: number}
    Judgment:
      type: object
      required: [system, encounter, rubric, rubric_version, criterion, judge, sample, tokens, cost, latency, attempts]
      properties:
        system: {type: string}
        encounter: {type: string}
        rubric: {type: string}
        rubric_version: {type: integer}
        criterion: {type: string}
        judge: {type: string}
        sample: {type: integer}
        verdict: {type: string, enum: [met, not_met]}
        failure: {type: string}
        explanation: {type: string}
        evidence:
          type: object
          required: [note, transcript, unsupported]
          properties:
            note: {type: array, items: {type: string}}
            transcript: {type: array, items: {type: string}}
            unsupported: {type: array, items: {type: string}}
        model: {type: string}
        tokens: {$ref: "#/components/schemas/Tokens"}
        cost: {type: number}
        latency: {type: number}
        attempts: {type: integer}
    Rating:
      type: object
      required: [system, encounter, criterion, rater, verdict]
      properties:
        system: {type: string}
        encounter: {type: string}
        rubric: {type: string}
        criterion: {type: string}
        rater: {type: string}
        verdict: {type: string, enum: [met, not_met]}
        source: {type: string}
    RatingSource:
      type: object
      required: [id, level, raters, dimensions, ratings, notes]
      properties:
        id: {type: string}
        file: {type: string}
        level: {type: string, enum: [note, criterion]}
        raters:
          type: array
          items: {type: string}
        dimensions:
          type: object
          description: Note level; each dimension's declared scale (`binary`, `ordinal:…`, `interval:LO:HI`).
          additionalProperties: {type: string}
        ratings: {type: integer}
        notes: {type: integer, description: Notes rated (system × encounter).}
    ReviewItem:
      type: object
      required: [system, encounter, rubric, criterion]
      properties:
        system: {type: string}
        encounter: {type: string}
        rubric: {type: string}
        criterion: {type: string}
    GradeReport:
      description: The JSON contract of `scribegrade grade --format json`.
      type: object
      required: [run, judge, systems, notes]
      properties:
        run: {type: string}
        judge: {type: string}
        judge_kind: {type: string}
        judges:
          type: array
          items:
            type: object
            properties:
              usage:
                description: The tokens this judge's judgments billed; input includes the cached and cache-creation tokens.
                type: object
                properties:
                  input: {type: integer}
                  cached_input: {type: integer}
                  cache_creation: {type: integer}
                  output: {type: integer}
              cost: {type: number}
        systems:
          type: array
          items:
            type: object
            required: [system, score, ci95, notes, critical_missed]
            properties:
              system: {type: string}
              score:
                description: Null when no note of the system has a score (every judgment failed).
                type: [number, "null"]
              ci95:
                description: Null when there is no interval (fewer than two encounters).
                type: [array, "null"]
                items: {type: number}
              notes: {type: integer}
              critical_missed: {type: integer}
              experts_only:
                description: Present when clinicians rated criteria of this run; null when none of this system's. The rated items alone.
                type: [object, "null"]
                required: [score, ci95, expert_items]
                properties:
                  score: {type: number}
                  ci95: {type: [array, "null"], items: {type: number}}
                  expert_items: {type: integer}
              corrected:
                description: Present with experts_only. The prediction-powered estimate of the clinicians' score (PPI++), ci95 null with a reason when the sample is too small.
                type: [object, "null"]
                required: [score, ci95, method, expert_items, effective_items]
                properties:
                  score: {type: number}
                  ci95: {type: [array, "null"], items: {type: number}}
                  method: {type: string}
                  expert_items: {type: integer}
                  effective_items: {type: [number, "null"]}
                  lambda: {type: number}
                  reason: {type: string}
        correction:
          description: Present when clinicians rated criteria of this run; the level, how many ratings matched, and the corrected paired differences.
          type: object
        split: {$ref: '#/components/schemas/SplitSelection'}
        comparisons:
          type: array
          items: {type: object}
        notes:
          type: array
          items:
            type: object
            required: [system, encounter, rubric, points_met, points_possible, critical_missed, sections, tags, criteria]
            properties:
              system: {type: string}
              encounter: {type: string}
              rubric: {type: string}
              score: {type: number}
              score_clipped: {type: number}
              points_met: {type: number}
              points_possible: {type: number}
              critical_missed: {type: integer}
              sections: {type: object, additionalProperties: {type: number}}
              tags: {type: object, additionalProperties: {type: number}}
              criteria:
                type: array
                items:
                  type: object
                  required: [id, points]
                  properties:
                    id: {type: string}
                    verdict: {type: string, enum: [met, not_met]}
                    points: {type: number}
        bootstrap: {type: object}
        ties: {type: integer}
        task: {type: string}
        combination: {type: string}
        self_consistency:
          type: array
          items: {type: object}
    EstimateWithCI:
      type: object
      properties:
        value: {type: [number, "null"]}
        ci95: {type: [array, "null"], items: {type: number}}
    SplitSelection:
      description: Present when the run or report covers one part of a split (`scribegrade split`).
      type: object
      required: [file, part, encounters, of]
      properties:
        file: {type: string}
        part: {type: string, enum: [dev, test]}
        encounters: {type: integer}
        of: {type: integer}
    CalibrationReport:
      description: The JSON of `scribegrade calibrate --format json`.
      type: object
      required: [run, task, experts, rated_items, unmatched_ratings, consensus_ties, judges, groups, flags, bootstrap]
      properties:
        run: {type: string}
        note_level:
          description: Present when note-level ratings are stored; per dimension, the judge's note score against the experts' ratings.
          type: array
          items:
            type: object
            required: [dimension, judge, n, expected_sign, flagged, pearson, spearman, kendall_tau_b, icc_a1, icc_c1]
            properties:
              dimension: {type: string}
              judge: {type: string}
              n: {type: integer}
              failed: {type: integer, description: Rated notes left out of n because every judgment of them failed.}
              expected_sign: {type: string, enum: [positive, negative]}
              flagged: {type: boolean}
              pearson: {$ref: '#/components/schemas/EstimateWithCI'}
              spearman: {$ref: '#/components/schemas/EstimateWithCI'}
              kendall_tau_b: {$ref: '#/components/schemas/EstimateWithCI'}
              icc_a1: {$ref: '#/components/schemas/EstimateWithCI'}
              icc_c1: {$ref: '#/components/schemas/EstimateWithCI'}
        split: {$ref: '#/components/schemas/SplitSelection'}
        task: {type: string}
        experts:
          type: array
          items: {type: string}
        rated_items: {type: integer}
        unmatched_ratings: {type: integer}
        consensus_ties: {type: integer}
        judges:
          type: array
          items:
            type: object
            required: [name, kind, judged, failed]
            properties:
              name: {type: string}
              kind: {type: string}
              judged: {type: integer}
              failed: {type: integer}
              vs_consensus: {type: object}
        ceiling: {type: object}
        groups:
          type: array
          items: {type: object}
        flags:
          type: array
          items:
            type: object
            required: [criterion, kind, detail]
            properties:
              criterion: {type: string}
              kind: {type: string}
              detail: {type: string}
        bootstrap: {type: object}
"""#
}
