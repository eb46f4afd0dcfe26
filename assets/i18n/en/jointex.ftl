# jointex terminal UI — English.
# Every message here must also exist in ../ko/jointex.ftl (a unit test checks it).

## Screens and chrome

too-small = The terminal is { $w }×{ $h }; jointex needs at least 80×24. Enlarge the window or reduce the font size.
paused = PAUSED
lang-en = English
lang-ko = Korean
header-turn = Turn { $turn }/{ $turns }
header-points = AP { $left }/{ $points }
phase-planning = Planning
phase-submitted = Submitted — waiting for resolution
phase-over = Exercise over
phase-ready = All plans in — ready to resolve
phase-fac-planning = Planning ({ $done }/{ $teams } submitted)
status-over = the exercise is over
cost = { $n } AP

## Briefing and seat chooser

briefing-title = Briefing
briefing-handling = Handling: { $handling } · this document is { $tlp } · version { $version }
briefing-situation = Situation
briefing-teams = Teams
briefing-team-line = { $zone } · { $points } action points per turn · works in { $lang }
briefing-duration = Duration
briefing-duration-line = { $turns } turns of { $minutes } minutes, from { $start }
briefing-objectives = Objectives
objective-joint = joint
chooser-title = Who is at the keyboard?
chooser-status = turn { $turn }/{ $turns } · { $done } of { $teams } plans submitted
seat-facilitator = Facilitator (EXCON)
seat-facilitator-note = ground truth, MSEL, resolves turns
seat-planning = planning
seat-submitted = submitted
seat-review = review the console
seat-summary = Exercise summary

## Scenario picker

picker-title = Choose a scenario
picker-list = Shipped scenarios
picker-count = { $count } { $count ->
        [one] scenario
       *[other] scenarios
    }
picker-default = default
picker-turns = { $turns } turns
picker-synopsis = Synopsis
picker-file = File { $file } · version { $version } · this document is { $tlp }

## Handover

handover = Pass the keyboard to { $team }.
handover-ready = Press Enter when ready.

## Team console

tab-map = Map
tab-inbox = Inbox
tab-orders = Orders
tab-partner = Partner
tab-timeline = Timeline
map-title = Infrastructure · { $count } { $count ->
        [one] asset
       *[other] assets
    } · { $filter }
map-empty = No asset matches the filter.
map-title-filtered = Infrastructure · { $matches } of { $count } assets · { $filter }
filter-all = all
filter-flagged = flagged only
filter-compromised = suspected or compromised
filter-impaired = down, degraded or restoring
filter-isolated = isolated
detail-title = Detail
detail-group-hint = Enter or Space opens or closes the group; ← and → too.
detail-criticality = criticality { $crit }/5 · serves { $pop }
detail-criticality-only = criticality { $crit }/5
detail-since = since turn { $turn }
detail-isolated = isolated
detail-restoring = restoring until turn { $turn }
detail-patched = patched
detail-sensor = sensor deployed
detail-controls = Controls:
detail-vulns = Vulnerabilities:
detail-orders = Orders (Enter)
detail-links = Links ({ $count })
link-network-both = ⇄ network with { $asset }
link-network-out = → reaches { $asset }
link-network-in = ← reached from { $asset }
link-depends-on = ⤓ depends on { $asset } (buffer { $extra })
link-depended-by = ⤒ { $asset } depends on it (buffer { $extra })
link-supplies = ⇢ supplies { $asset } { $extra }
link-supplied-by = ⇠ supplied by { $asset } { $extra }
link-trusted-by = ⇥ trusted by { $asset } ({ $extra })
link-trusts = ⇤ trusts { $asset } ({ $extra })
belief-unknown = nothing flagged
belief-suspected = suspected
belief-compromised = confirmed compromised
belief-clean = investigated: clean
service-up = service up
service-degraded = service degraded
service-down = service down
source-alert = alert
source-hunt = hunt
source-investigation = investigation
source-partner = partner intel
source-inject = reported
source-impact = impact
source-restore = restored
legend-title = Status symbols
legend-compromised = confirmed compromised
legend-suspected = suspected
legend-clean = investigated, clean
legend-quiet = nothing flagged
legend-isolated = isolated
legend-down = service down
legend-degraded = service degraded
legend-restoring = restoring from backup
menu-title = Orders on { $asset }
menu-points = { $left } of { $points } action points left this turn
menu-keys = ↑↓ choose · Enter add to the plan · Esc close
inbox-title = Inbox · { $count } { $count ->
        [one] message
       *[other] messages
    } · { $unread } unread
inbox-empty = No messages yet.
message-title = Message
from-excon = Exercise control
from-team = from { $team }
share-items = Indicators
acked = acknowledged
ack-hint = a: acknowledge
plan-title = Plan · { $left }/{ $points } AP left
plan-empty = The plan is empty. Choose orders on the Map (Enter on an asset) or on indicators here.
indicators-title = Known indicators ({ $count })
indicators-empty = No indicators known yet: investigate, hunt, or read the partner's shares.
indicator-orders = Orders on the indicator
ind-blocked = blocked
ind-shared = shared T{ $turn }
share-pick-title = Share: pick indicators
share-compose-title = New share
share-to = To
share-tlp = Marking
share-text = Text
share-no-text = (none)
share-picked = { $count } { $count ->
        [one] indicator
       *[other] indicators
    } picked
share-send = add the share to the plan
share-ready = ready: sending costs { $cost } AP
received-title = From partners ({ $count })
received-empty = Nothing received from partners yet.
recipients-all = all partners
timeline-title = What we have seen ({ $count })
timeline-empty = Nothing yet: the timeline fills as turns resolve.
metrics-title = Our metrics
metric-detect = Time to detect
metric-contain = Time to contain
metric-share = Time to share
metric-turns = { $avg } turns ({ $n })
metric-lost = Service-hours lost
metric-violations = TLP violations
metric-joint = Joint operations
metric-expected = Expected actions met
metric-undetected = { $n } { $n ->
        [one] compromise
       *[other] compromises
    } not yet detected
metric-availability = Availability by sector

## Orders

order-investigate = Investigate
order-hunt = Hunt
order-isolate = Isolate
order-reconnect = Reconnect
order-patch = Patch
order-reset = Reset credentials
order-restore = Restore from backup
order-sensor = Deploy sensor
order-block = Block
order-share = Share
order-request = Request assistance
order-provide = Provide assistance
order-joint = Joint operation
order-advisory = Public advisory
order-share-target = { $count } { $count ->
        [one] indicator
       *[other] indicators
    }, { $tlp }, to { $to }
order-indicators = { $count } { $count ->
        [one] indicator
       *[other] indicators
    }

## Facilitator

tab-truth = Ground truth
tab-adversary = Adversary
tab-msel = MSEL
tab-teams = Teams
tab-evaluation = Evaluation
truth-summary = Both nations
truth-nation = { $nation }: { $total } assets · { $held } held ({ $undetected } unseen) · { $down } down · { $isolated } isolated
truth-title = Assets with something going on ({ $count })
truth-empty = Quiet: no asset is compromised, down, isolated or flagged.
truth-persistent = persistent
truth-unseen = not seen by its owner
adversary-title = Campaigns
campaign-dormant = dormant
campaign-active = active
campaign-stalled = stalled
campaign-done = done
campaign-disrupted = disrupted
msel-title = MSEL · { $count } injects · { $fired } fired · { $held } held
msel-fired = fired T{ $turn }
msel-held = held
msel-upcoming = upcoming
msel-col-inject = Inject
msel-col-state = State
msel-col-trigger = Trigger
msel-col-to = To
msel-col-channel = Channel
msel-col-subject = Subject
msel-due = fires T{ $turn }
msel-adhoc = ad hoc
msel-expected = Expected
trigger-when = condition
trigger-missed = { $inject } missed by T{ $turn }
audience-all = all
teams-title = Teams
teams-plan = { $orders } { $orders ->
        [one] order
       *[other] orders
    } · { $spent } of { $points } AP used
teams-asked = asked for assistance by { $teams }
teams-violations-allowed = TLP violations are allowed (recorded, count against the team)
teams-violations-refused = TLP violations are refused
teams-resolve-hint = R resolves the turn once every team has submitted (or forces it after a question). P pauses.
eval-objectives = Objectives: { $met } of { $count } met so far
eval-trends = Over the turns
eval-availability = avail.
eval-held = held
eval-flagged = flagged
eval-metrics = Metrics per team
adhoc-title = Ad-hoc inject
adhoc-to = To
adhoc-channel = Channel
adhoc-subject = Subject
adhoc-text = Text
adhoc-keys = Tab next field · ←→ change · Enter send · Esc cancel
fac-hold = Held: { $inject }
fac-release = Released: { $inject }
fac-fire = Fired now: { $inject }
fac-adhoc = Ad-hoc inject sent: { $title }
fac-pause = Exercise paused
fac-resume = Exercise resumed
fac-allow-violations = TLP violations now allowed
fac-refuse-violations = TLP violations now refused

## Results and summary

results-title = Results of turn { $turn }
results-count = What changed ({ $count })
results-nothing = Nothing you can see changed this turn.
results-next-console = Enter: continue to the console
results-next-chooser = Enter: back to the seat chooser for the next turn
results-next-summary = Enter: the exercise is over — see the summary
summary-title = Exercise summary
summary-block = After the exercise
summary-over = The exercise is over after { $turns } turns.
summary-not-over = The exercise is still running (turn { $turn }).
summary-campaigns = Adversary campaigns
summary-objectives = Objectives met: { $met } of { $count }
summary-hotwash = Hot wash: what went well, what to improve, and what each agency will do next. Esc: back to the seats · q: quit.

## Confirmations and prompts

confirm-quit-title = Quit?
confirm-quit = Quit jointex? The exercise is not recorded: it cannot be resumed.
confirm-quit-recorded = Quit jointex? Everything so far is recorded in { $path }; `jointex resume { $path } --ui` carries the exercise on where it stopped.
confirm-submit-title = Submit the plan?
confirm-submit = Submit the plan of { $team } for this turn: { $orders } { $orders ->
        [one] order
       *[other] orders
    }, { $left } action { $left ->
        [one] point
       *[other] points
    } unused. It cannot be changed afterwards.
confirm-resolve-title = Resolve now?
confirm-resolve = Not every team has submitted (waiting for: { $teams }). Resolve the turn anyway? Their plans play as they stand.
confirm-fire-title = Fire now?
confirm-fire = Fire { $inject } now, whatever its trigger? The teams read it in this planning phase.
confirm-adhoc-title = Send the ad-hoc inject?
confirm-adhoc = Send it now? It reaches its recipients at once and is recorded. n goes back to the form.
confirm-leave-title = Leave the console?
confirm-leave = The plan of { $team } is not submitted. Leave the console anyway? The plan stays as it is for when the team comes back.
confirm-keys = y / Enter: yes · n / Esc: no
prompt-filter = Filter assets by id or name
prompt-share-text = Text of the share
prompt-request = What do you need from the partner?
prompt-keys = Enter: accept · Esc: cancel · Ctrl-U: clear

## Footer messages

flash-planned = Added to the plan: { $order } ({ $cost } AP)
flash-withdrawn = Withdrawn: { $order }
flash-plan-empty = The plan is empty.
flash-submitted = { $team } submitted its plan. Pass the keyboard on.
flash-acked = Acknowledged.
flash-no-indicator = Select an indicator first.
flash-no-actor = This indicator is not attributed to any actor.

## Refusals (why an order cannot be given)

refusal-over = the exercise is over
refusal-paused = the exercise is paused
refusal-submitted = the plan for this turn is already submitted
refusal-points = needs { $needed } action points, { $left } left this turn
refusal-no-such = no such { $what }
refusal-foreign = the asset belongs to another nation; ask its team through a request for assistance or a joint operation
refusal-isolated = the asset is already isolated
refusal-not-isolated = the asset is not isolated
refusal-patched = the asset is already patched
refusal-no-backups = the asset has no backups to restore from
refusal-restoring = a restore is already under way on this asset
refusal-sensor = a sensor is already deployed on this asset
refusal-blocked = the indicator is already blocked
refusal-unknown-indicator = the team does not know this indicator
refusal-empty-share = there is nothing to share: pick at least one indicator or write some text
refusal-recipient = a share goes to another team
refusal-tlp = { $indicator } came to this team as { $received }; { $why }
refusal-duplicate = the same order is already in this turn's plan
refusal-not-requested = no team has asked for assistance
refusal-no-intel = the team knows no indicator of this actor's infrastructure
refusal-fired = the inject has already fired
refusal-not-held = the inject is not held
refusal-held = the inject is already held
refusal-already-paused = the exercise is already paused
refusal-already-running = the exercise is already running
refusal-acknowledged = the message is already acknowledged
flash-focus-plan = Move to the plan with ← first: the order acts on its highlighted line.
flash-focus-indicators = Move to the indicators with → first: the order acts on the highlighted indicator.
flash-focus-pick = Move to the indicators with ← first.
flash-focus-received = Move to the received messages with → first.
flash-filter-cleared = Filter cleared.
sent-title = Sent ({ $count })
sent-waiting = not acknowledged yet
sent-acked = acknowledged by { $by }
refusal-not-your-command = the { $seat } may not { $command }
missing-team = team
missing-asset = asset
missing-indicator = indicator
missing-actor = actor
missing-inject = inject
missing-plan-entry = order in the plan
missing-message = message in the inbox
seat-name-facilitator = facilitator
seat-name-team = { $team } team
command-order = give a team's orders
command-withdraw = change a team's plan
command-submit = submit a team's plan
command-acknowledge = acknowledge a team's messages
command-facilitate = run the MSEL or the clock
command-resolve = resolve the turn
rating-p = P — performed without challenges
rating-s = S — performed with some challenges
rating-m = M — performed with major challenges
rating-u = U — unable to be performed
rating-ne = N/E — not exercised
ev-acknowledged = { $team } acknowledged a message from { $from }
ev-acknowledged-notice = { $team } acknowledged a notice
tlp-rule-green-public = TLP:GREEN is for the community, not public channels
tlp-rule-no-publish = it may not be published
tlp-rule-red = TLP:RED is for the named recipients only and may not be shared on
tlp-rule-amber-strict = TLP:AMBER+STRICT stays inside the recipient organisation
tlp-rule-amber = TLP:AMBER goes only to the recipient organisation and its clients who need to know
tlp-rule-weaker = it may not be re-shared under a less restrictive marking

## Events (timeline and results)

ev-order-applied = Done: { $order }
ev-order-refused = Refused: { $order } — { $reason }
ev-campaign-started = { $actor } began a campaign at { $stage }
ev-attempt-ok = { $actor }: { $stage } on { $asset } succeeded
ev-attempt-failed = { $actor }: { $stage } on { $asset } failed
ev-compromised = { $asset } compromised by { $actor }
ev-evicted = Adversary evicted from { $asset }
ev-stage-completed = { $actor } completed { $stage }
ev-stage-blocked = { $actor } blocked at { $stage }
ev-impact = { $impact } on { $asset }
ev-detected = Alert: { $asset } flagged ({ $source })
ev-investigated-bad = Investigation: { $asset } is compromised
ev-investigated-clean = Investigation: { $asset } is clean
ev-learned = New indicator found: { $indicator }
ev-learned-from = Indicator { $indicator } received from { $team } ({ $tlp })
ev-share-sent = Shared { $count } { $count ->
        [one] indicator
       *[other] indicators
    } with { $to } ({ $tlp })
ev-share-received = { $from } shared { $count } { $count ->
        [one] indicator
       *[other] indicators
    } with { $to } ({ $tlp })
ev-tlp-violated = TLP violation by { $team }: { $indicator } was { $tlp }
ev-assistance-requested = { $team } asked for assistance: { $text }
ev-assistance-provided = { $from } lent responders to { $to }
ev-joint-ok = Joint operation against { $actor } succeeded
ev-joint-unmatched = { $team } committed to a joint operation against { $actor }, but not every partner joined
ev-advisory = { $team } published an advisory with { $count } { $count ->
        [one] indicator
       *[other] indicators
    }
ev-service = { $asset }: { $state }
ev-contained = Incident on { $asset } contained
ev-restored = { $asset } restored from backup
ev-inject = Inject { $inject }
ev-adhoc = Facilitator message #{ $number }
ev-expected-missed = Expected action missed ({ $inject }): { $action }
ev-expected-met = Expected action met ({ $inject }): { $action }
ev-availability = { $team } { $sector }: { $pct }% available
ev-objective-rated = objective { $objective }: { $rating }
ev-objective-met = Objective { $objective }: met
ev-objective-unmet = Objective { $objective }: not met
ev-paused = The facilitator paused the exercise
ev-resumed = The facilitator resumed the exercise
ev-turn-ended = Turn { $turn } ended

## Help overlay

help-title = Keys
help-this-screen = On this screen
help-console = In the console
help-everywhere = Everywhere
help-form = In the form
help-up = move up
help-down = move down
help-page-up = a page up
help-page-down = a page down
help-home = first line
help-end = last line
help-metrics-up = scroll the metrics up
help-metrics-down = scroll the metrics down
help-take-seat = take this seat
help-choose-scenario = play this scenario (its briefing comes first)
help-ready = I am at the keyboard: open the console
help-back-chooser = back to the seat chooser
help-continue = continue
help-map-enter = orders on the asset; open or close a group
help-map-toggle = open or close the group
help-map-collapse = close the group / go to the group
help-map-expand = open the group
help-map-zoom = close or open every sector
help-map-filter = filter by id or name
help-map-status = cycle the status filter
help-detail-up = scroll the asset detail up
help-detail-down = scroll the asset detail down
help-message-up = scroll the message up
help-message-down = scroll the message down
help-ack = acknowledge the message
help-pane = switch pane
help-pane-left = focus the left pane
help-pane-right = focus the right pane
help-withdraw = withdraw the order from the plan
help-hunt = hunt for the indicator (2 AP)
help-block = block the indicator (1 AP)
help-advisory = publish it in a public advisory (2 AP)
help-joint = joint operation against its actor (3 AP)
help-request = ask the partner for assistance (1 AP)
help-give = lend responders to a team that asked (2 AP)
help-pick = pick or drop the indicator
help-tlp = change the TLP marking
help-recipient = change the recipients
help-edit-text = write the text
help-send = add the share to the plan (1 AP)
help-next-tab = next tab
help-prev-tab = previous tab
help-tab-map = Map
help-tab-inbox = Inbox
help-tab-orders = Orders
help-tab-partner = Partner
help-tab-timeline = Timeline
help-submit = submit the plan (asks first)
help-hand-over = hand over: back to the seat chooser
help-tab-truth = Ground truth
help-tab-adversary = Adversary
help-tab-msel = MSEL
help-tab-teams = Teams
help-tab-evaluation = Evaluation
help-resolve = resolve the turn
help-pause = pause or resume
help-hold = hold the inject
help-release = release the inject
help-fire = fire the inject now
help-adhoc = write an ad-hoc inject
help-violations = allow or refuse TLP violations
help-help = show the keys
help-lang = English / 한국어
help-quit = quit (asks first)
help-close = close
help-yes = yes
help-no = no
help-add-order = add the order to the plan
help-accept = accept
help-cancel = cancel
help-backspace = delete a character
help-clear-field = clear the field
help-next-field = next field
help-prev-field = previous field
help-next-value = next value
help-prev-value = previous value
help-send-inject = send the inject

## Footer hints (short forms of some help lines)

short-take-seat = take seat
short-choose-scenario = play
short-ready = ready
short-back-chooser = seats
short-continue = continue
short-map-enter = orders
short-map-toggle = group
short-map-filter = filter
short-map-status = status
short-ack = acknowledge
short-pane-left = pane
short-pane-right = pane
short-withdraw = withdraw
short-hunt = hunt
short-block = block
short-pick = pick
short-tlp = TLP
short-recipient = to
short-edit-text = text
short-send = send
short-submit = submit
short-hand-over = hand over
short-resolve = resolve
short-pause = pause
short-hold = hold
short-release = release
short-fire = fire
short-adhoc = ad-hoc
short-violations = TLP rule
short-help = keys
short-lang = 한국어
short-quit = quit

## Vocabularies

role-Lead = lead
role-Analyst = analyst
role-Operator = operator
role-Liaison = liaison
trust-Vpn = VPN
trust-Directory = directory trust
trust-RemoteSupport = remote support
trust-SharedCredentials = shared credentials
indkind-Ipv4 = IPv4 address
indkind-Ipv6 = IPv6 address
indkind-Domain = domain
indkind-Url = URL
indkind-Md5 = MD5 hash
indkind-Sha1 = SHA-1 hash
indkind-Sha256 = SHA-256 hash
indkind-Email = e-mail address
sector-Energy = energy
sector-Water = water
sector-Telecom = telecom
sector-Finance = finance
sector-Health = health
sector-Transport = transport
sector-Government = government
sector-ItCloud = IT/cloud
sector-Manufacturing = manufacturing
sector-Emergency = emergency services
zone-Internet = internet
zone-Dmz = DMZ
zone-It = IT
zone-Ot = OT
kind-Workstation = workstation
kind-Server = server
kind-DomainController = domain controller
kind-MailServer = mail server
kind-WebServer = web server
kind-Database = database
kind-Firewall = firewall
kind-Router = router
kind-VpnGateway = VPN gateway
kind-VendorUpdateServer = vendor update server
kind-CloudTenant = cloud tenant
kind-ScadaHmi = SCADA HMI
kind-Plc = PLC
kind-Rtu = RTU
kind-Historian = historian
kind-EngineeringWorkstation = engineering workstation
kind-PaymentSwitch = payment switch
kind-TradingEngine = trading engine
kind-HealthRecords = health records system
kind-MedicalDevice = medical device
kind-TelecomCore = telecom core
kind-CableLanding = cable landing station
kind-DispatchSystem = dispatch system
control-Edr = EDR
control-Mfa = MFA
control-Backups = backups
control-Segmentation = segmentation
control-Logging = logging
control-Allowlisting = allow-listing
control-NetworkMonitoring = network monitoring
channel-Email = email
channel-Phone = phone
channel-News = news
channel-Social = social media
channel-SiemAlert = SIEM alert
channel-PartnerHotline = partner hotline
channel-VendorAdvisory = vendor advisory
channel-RansomNote = ransom note
channel-SectorReport = sector report
channel-Leadership = leadership tasking
phase-InitialAccess = initial access
phase-Execution = execution
phase-Persistence = persistence
phase-PrivilegeEscalation = privilege escalation
phase-CredentialAccess = credential access
phase-Discovery = discovery
phase-LateralMovement = lateral movement
phase-Collection = collection
phase-CommandAndControl = command and control
phase-Exfiltration = exfiltration
phase-Impact = impact
impact-Encrypt = Encryption
impact-Wipe = Wiping
impact-IcsManipulation = ICS manipulation
impact-Exfiltrate = Exfiltration
impact-Disrupt = Disruption
impact-Deface = Defacement
capability-Planning = Planning
capability-PublicInformationAndWarning = Public Information and Warning
capability-OperationalCoordination = Operational Coordination
capability-IntelligenceAndInformationSharing = Intelligence and Information Sharing
capability-InterdictionAndDisruption = Interdiction and Disruption
capability-ScreeningSearchAndDetection = Screening, Search, and Detection
capability-ForensicsAndAttribution = Forensics and Attribution
capability-AccessControlAndIdentityVerification = Access Control and Identity Verification
capability-Cybersecurity = Cybersecurity
capability-SupplyChainIntegrityAndSecurity = Supply Chain Integrity and Security
capability-InfrastructureSystems = Infrastructure Systems
capability-OperationalCommunications = Operational Communications
capability-SituationalAssessment = Situational Assessment
capability-EconomicRecovery = Economic Recovery
action-Investigate = investigate
action-Hunt = hunt
action-Isolate = isolate
action-Reconnect = reconnect
action-Patch = patch
action-ResetCredentials = reset credentials
action-Restore = restore from backup
action-DeploySensor = deploy sensor
action-Block = block indicator
action-Share = share intel
action-RequestAssistance = request assistance
action-JointOperation = joint operation
action-PublicAdvisory = public advisory

record-on = Recording to { $path }. If this terminal closes, `jointex resume { $path } --ui` carries the exercise on with nothing lost.
record-off = Not recorded: nothing survives a crash. Leave out --no-record to keep a record.
record-short = rec { $file }
summary-report = After-action report: jointex report { $path } --format html --out aar.html
flash-record-failed = The record could not be written: { $why }. The action was not taken.

# Network play (jointex serve)
teams-connected = connected: { $who }
teams-white-cell = White cell connected: { $who }
flash-not-submitter = Your role ({ $role }) may not submit the plan: ask a teammate whose role may.
flash-submitted-online = { $team } submitted its plan. The facilitator resolves the turn.
refusal-empty-message = the message is empty
refusal-bad-message = the message is too long (1000 characters at most) or holds control characters
ev-chat = 💬 { $by }: { $text }
command-chat = write in a team's chat
help-chat = write to your team (chat)
short-chat = chat
prompt-chat = Message to your team (Enter sends, Esc cancels)
flash-chat = 💬 { $by }: { $text }
help-deadline = set the planning time of this turn (network play)
short-deadline = deadline
prompt-deadline = Planning time for this turn, in minutes (0 clears it)
flash-deadline-bad = “{ $typed }” is not a number of minutes
flash-deadline-set = Planning time: { $minutes } minutes from now
flash-deadline-cleared = Planning deadline cleared
flash-deadline-no-clock = Planning deadlines are for network play (jointex serve)
flash-deadline-too-long = A planning time is at most 600 minutes
deadline-left = { $left } left · due { $due }
deadline-up = planning time is up
confirm-quit-online = Leave the exercise? It carries on without you and nothing is lost: connect again with ssh to come back to your seat.
