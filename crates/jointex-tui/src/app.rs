//! The application: who is at the keyboard, what each seat is looking at, and the one place
//! where keys turn into engine calls.
//!
//! [`App::update`] takes an [`Action`] and performs it: it moves selections, opens overlays,
//! and gives orders to the [`Exercise`]. After every action the app rebuilds a snapshot of
//! what the current seat may see ([`TeamSnap`] from `Exercise::view`, [`FacSnap`] from
//! `Exercise::facilitator_view`); drawing reads only the snapshot, so a frame is a pure
//! function of data and a team's screen cannot show anything its view does not hold. On the
//! chooser and handover screens no private snapshot exists at all.

use std::collections::BTreeSet;
use std::sync::Arc;

use jointex_scenario::model::{AssetId, IndicatorId, InjectId, TeamId};
use jointex_scenario::vocab::{Channel, Sector, Tlp, Zone};
use jointex_scenario::{Lang, Scenario, Text};
use jointex_sim::{
    AdHocInject, AssetView, Belief, Command, Evaluation, Event, Executed, Exercise,
    FacilitatorOrder, FacilitatorView, Refusal, Seat as JSeat, ServiceState, Share, TeamOrder,
    TeamView,
};
use ratatui::crossterm::event::Event as TermEvent;

use jointex_record::{Driver, Error as RecordError, Recorder};

use crate::table::{AfterResolve, Shared, Table, TurnStat};
use std::cell::Ref;

use crate::i18n::I18n;
use crate::keys::{Action, Context, map_key};
use crate::labels::Tr;

/// Who is at the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seat {
    /// The facilitator (white cell / EXCON): ground truth.
    Facilitator,
    /// A national team: its own view only.
    Team(TeamId),
}

/// The screen on show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The scenario picker, before any briefing (`jointex play` with no scenario).
    Picker,
    /// The scenario briefing and the seat chooser.
    Briefing,
    /// "Pass the keyboard to …": nothing else on screen.
    Handover(TeamId),
    /// A team's console.
    Team(TeamId),
    /// The facilitator's console.
    Facilitator,
    /// What the last turn changed, as a seat may see it.
    Results(Seat),
    /// The end of the exercise.
    Summary,
}

/// Tabs of the team console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TeamTab {
    /// Infrastructure map with asset detail.
    #[default]
    Map,
    /// Injects and partner messages.
    Inbox,
    /// This turn's plan and indicator orders.
    Orders,
    /// Sharing with the partner.
    Partner,
    /// What the team has seen, and its metrics.
    Timeline,
}

impl TeamTab {
    /// Every tab, in order.
    pub const ALL: [TeamTab; 5] = [
        TeamTab::Map,
        TeamTab::Inbox,
        TeamTab::Orders,
        TeamTab::Partner,
        TeamTab::Timeline,
    ];
}

/// Tabs of the facilitator console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FacTab {
    /// Ground truth of both nations.
    #[default]
    Truth,
    /// Adversary progress by stage.
    Adversary,
    /// The MSEL.
    Msel,
    /// The teams' plans and submissions.
    Teams,
    /// The evaluation dashboard.
    Evaluation,
}

impl FacTab {
    /// Every tab, in order.
    pub const ALL: [FacTab; 5] = [
        FacTab::Truth,
        FacTab::Adversary,
        FacTab::Msel,
        FacTab::Teams,
        FacTab::Evaluation,
    ];
}

/// A yes/no question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Quit jointex.
    Quit,
    /// Submit a team's plan.
    Submit(TeamId),
    /// Resolve although not every team submitted.
    ForceResolve,
    /// Fire an inject now, whatever its trigger.
    FireNow(InjectId),
    /// Send the ad-hoc inject written in the form (kept in `App::pending_adhoc`).
    SendAdHoc,
    /// Leave a team's console with its plan not submitted.
    LeaveUnsubmitted(TeamId),
}

/// What a one-line prompt is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptKind {
    /// The map filter (applied as it is typed).
    Filter(TeamId),
    /// The text of the share being written.
    ShareText(TeamId),
    /// A request for assistance.
    Request(TeamId),
    /// A line for the team's chat.
    Chat(TeamId),
    /// The planning time of the turn, in minutes.
    Deadline,
}

/// The ad-hoc inject form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdHocForm {
    /// Recipient team; all when `None`.
    pub to: Option<TeamId>,
    /// Channel.
    pub channel: Channel,
    /// Subject.
    pub title: String,
    /// Body.
    pub text: String,
    /// Focused field: 0 to, 1 channel, 2 title, 3 text.
    pub field: usize,
}

/// Something drawn over the screen that takes the keys while it is open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// The keys of the screen below.
    Help,
    /// A question.
    Confirm(Confirm),
    /// The orders possible on the selected asset.
    OrderMenu {
        /// Selected line.
        sel: usize,
    },
    /// A one-line text prompt.
    Prompt {
        /// What for.
        kind: PromptKind,
        /// Text so far.
        buf: String,
    },
    /// The ad-hoc inject form.
    AdHoc(AdHocForm),
}

/// A one-line message in the footer after an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flash {
    /// The text, already translated.
    pub text: String,
    /// Whether it reports a refusal or an error.
    pub error: bool,
}

/// Which assets the map shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// All.
    #[default]
    All,
    /// Anything not quiet: suspected, compromised, isolated, not up, restoring.
    Flagged,
    /// Suspected or confirmed compromised.
    Compromised,
    /// Down, degraded or restoring.
    Impaired,
    /// Isolated.
    Isolated,
}

impl StatusFilter {
    fn next(self) -> Self {
        match self {
            StatusFilter::All => StatusFilter::Flagged,
            StatusFilter::Flagged => StatusFilter::Compromised,
            StatusFilter::Compromised => StatusFilter::Impaired,
            StatusFilter::Impaired => StatusFilter::Isolated,
            StatusFilter::Isolated => StatusFilter::All,
        }
    }

    /// Its Fluent id.
    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::All => "filter-all",
            StatusFilter::Flagged => "filter-flagged",
            StatusFilter::Compromised => "filter-compromised",
            StatusFilter::Impaired => "filter-impaired",
            StatusFilter::Isolated => "filter-isolated",
        }
    }

    fn admits(self, a: &AssetView) -> bool {
        let flagged = matches!(a.belief, Belief::Compromised | Belief::Suspected);
        let impaired = a.service != ServiceState::Up || a.restoring_until.is_some();
        match self {
            StatusFilter::All => true,
            StatusFilter::Flagged => flagged || impaired || a.isolated,
            StatusFilter::Compromised => flagged,
            StatusFilter::Impaired => impaired,
            StatusFilter::Isolated => a.isolated,
        }
    }
}

/// A group of the map: a sector, or a zone within it.
pub type GroupKey = (Sector, Option<Zone>);

/// The map's own state.
#[derive(Clone, Debug, Default)]
pub struct MapUi {
    /// Selected row.
    pub sel: usize,
    /// Text filter on id and name.
    pub filter: String,
    /// Status filter.
    pub status: StatusFilter,
    /// Groups whose collapsed state differs from the default.
    pub toggled: BTreeSet<GroupKey>,
}

/// One team's console state: kept while other seats play, so a team finds its console as it
/// left it.
#[derive(Clone, Debug)]
pub struct TeamUi {
    /// Tab on show.
    pub tab: TeamTab,
    /// The map.
    pub map: MapUi,
    /// Selected inbox line (0 = newest).
    pub inbox_sel: usize,
    /// Inbox length when the console was last drawn: new mail shifts the newest-first list,
    /// and the cursor follows its message rather than its row.
    pub inbox_seen: usize,
    /// Inbox messages opened on this console (index in the view's inbox); acknowledged ones
    /// count as read too, from the engine.
    pub read: BTreeSet<usize>,
    /// Orders tab: 0 plan, 1 indicators.
    pub orders_pane: u8,
    /// Selected plan line.
    pub plan_sel: usize,
    /// Selected indicator.
    pub ind_sel: usize,
    /// Partner tab: 0 indicators, 1 received.
    pub partner_pane: u8,
    /// Selected indicator in the share being written.
    pub partner_sel: usize,
    /// Selected received message.
    pub recv_sel: usize,
    /// Indicators picked for the share.
    pub picked: BTreeSet<IndicatorId>,
    /// Marking of the share.
    pub tlp: Tlp,
    /// Recipient; every other team when `None`.
    pub to: Option<TeamId>,
    /// Text of the share.
    pub text: String,
    /// Timeline scroll.
    pub timeline_scroll: usize,
    /// Scroll of the asset detail or the message on show.
    pub detail_scroll: usize,
}

impl TeamUi {
    /// A console as a team first sees it: the map, shares marked TLP:AMBER to every partner.
    pub fn new() -> Self {
        TeamUi {
            tab: TeamTab::Map,
            map: MapUi::default(),
            inbox_sel: 0,
            read: BTreeSet::new(),
            inbox_seen: 0,
            orders_pane: 0,
            plan_sel: 0,
            ind_sel: 0,
            partner_pane: 0,
            partner_sel: 0,
            recv_sel: 0,
            picked: BTreeSet::new(),
            tlp: Tlp::Amber,
            to: None,
            text: String::new(),
            timeline_scroll: 0,
            detail_scroll: 0,
        }
    }
}

impl Default for TeamUi {
    fn default() -> Self {
        Self::new()
    }
}

/// The facilitator console's state.
#[derive(Clone, Debug, Default)]
pub struct FacUi {
    /// Tab on show.
    pub tab: FacTab,
    /// Ground-truth scroll.
    pub truth_scroll: usize,
    /// Selected campaign.
    pub camp_sel: usize,
    /// Selected inject.
    pub msel_sel: usize,
    /// Evaluation: the objectives pane's scroll (↑ ↓).
    pub eval_scroll: usize,
    /// The scroll of the detail pane on show: the selected inject's text in the MSEL, the
    /// metrics in the Evaluation (`[` `]`).
    pub detail_scroll: usize,
}

/// Everything about the interface that is not the exercise.
#[derive(Clone, Debug)]
pub struct UiState {
    /// Screen on show.
    pub screen: Screen,
    /// Overlay taking the keys, if any.
    pub overlay: Option<Overlay>,
    /// Selected line of the seat chooser.
    pub chooser: usize,
    /// Briefing scroll.
    pub briefing_scroll: usize,
    /// Results / summary scroll.
    pub results_scroll: usize,
    /// Per-team console state.
    pub teams: Vec<TeamUi>,
    /// Facilitator console state.
    pub fac: FacUi,
    /// Footer message.
    pub flash: Option<Flash>,
    /// Language of each team's seat.
    pub team_lang: Vec<Lang>,
    /// Language of the facilitator's seat and the shared screens.
    pub fac_lang: Lang,
    /// Per team, the last turn whose results it has been shown.
    pub results_seen: Vec<u32>,
    /// The last turn whose results the facilitator's seat has been shown.
    pub fac_results_seen: u32,
}

/// A line of the infrastructure map.
#[derive(Clone, Debug, PartialEq)]
pub enum MapRow {
    /// A sector header.
    Sector {
        /// Sector.
        sector: Sector,
        /// Status counts of its assets.
        counts: Counts,
        /// Collapsed.
        collapsed: bool,
    },
    /// A zone header within a sector.
    Zone {
        /// Sector.
        sector: Sector,
        /// Zone.
        zone: Zone,
        /// Status counts of its assets.
        counts: Counts,
        /// Collapsed.
        collapsed: bool,
    },
    /// An asset: its index in the view's assets.
    Asset(usize),
}

impl MapRow {
    fn key(&self, view: &TeamView) -> RowKey {
        match self {
            MapRow::Sector { sector, .. } => RowKey::Group(*sector, None),
            MapRow::Zone { sector, zone, .. } => RowKey::Group(*sector, Some(*zone)),
            MapRow::Asset(i) => RowKey::Asset(view.assets[*i].asset),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowKey {
    Group(Sector, Option<Zone>),
    Asset(AssetId),
}

/// Status counts of a group of assets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Assets.
    pub total: u32,
    /// Confirmed compromised.
    pub compromised: u32,
    /// Suspected.
    pub suspected: u32,
    /// Isolated.
    pub isolated: u32,
    /// Service down.
    pub down: u32,
    /// Service degraded.
    pub degraded: u32,
    /// Restoring.
    pub restoring: u32,
}

impl Counts {
    fn add(&mut self, a: &AssetView) {
        self.total += 1;
        match a.belief {
            Belief::Compromised => self.compromised += 1,
            Belief::Suspected => self.suspected += 1,
            _ => {}
        }
        self.isolated += u32::from(a.isolated);
        match a.service {
            ServiceState::Down => self.down += 1,
            ServiceState::Degraded => self.degraded += 1,
            ServiceState::Up => {}
        }
        self.restoring += u32::from(a.restoring_until.is_some());
    }
}

/// An order with what `Exercise::check` says about it now.
pub type Checked = (TeamOrder, Result<(), Refusal>);

/// What the team at the keyboard may see, rebuilt after every action from its observation.
#[derive(Clone, Debug)]
pub struct TeamSnap {
    /// The team's view.
    pub view: TeamView,
    /// The scenario as the team may know it (the engine's projection: the other nation's
    /// assets, the adversary's plan and unfired injects blanked). Everything the team's
    /// screens name, they name through this.
    pub scenario: Arc<Scenario>,
    /// Edges (indices into `scenario.edges`) touching each of the team's assets.
    pub links: Arc<crate::table::Links>,
    /// The map's lines.
    pub rows: Vec<MapRow>,
    /// Orders possible on the selected asset.
    pub asset_orders: Vec<Checked>,
    /// Orders possible on the selected indicator (Orders tab).
    pub indicator_orders: Vec<Checked>,
    /// The share being written, checked.
    pub share: Checked,
    /// Events this team has seen, oldest first, with their turn.
    pub events: Vec<(u32, Event)>,
    /// Events of the last resolved turn this team may see.
    pub results: Vec<Event>,
    /// The last resolved turn.
    pub resolved: Option<u32>,
    /// Who proposed each order of the plan (network play), by position.
    pub proposers: Vec<Option<String>>,
    /// The turn's planning deadline (network play).
    pub countdown: Option<crate::table::Countdown>,
}

/// Everything a team's screen is drawn from ([`App::team_screen`]).
#[derive(Clone, Copy)]
pub struct TeamScreen<'a> {
    /// Text, with names from the team's projection of the scenario.
    pub tr: Tr<'a>,
    /// The team's snapshot.
    pub snap: &'a TeamSnap,
    /// The team's interface state.
    pub ui: &'a TeamUi,
    /// The team.
    pub team: TeamId,
}

impl TeamSnap {
    /// Edges touching one of the team's assets.
    pub fn links_of(&self, a: AssetId) -> &[usize] {
        self.links.get(&a).map_or(&[], Vec::as_slice)
    }
}

/// What the facilitator sees, rebuilt after every action.
#[derive(Clone, Debug)]
pub struct FacSnap {
    /// Ground truth.
    pub view: FacilitatorView,
    /// The engine's evaluation now: what the report will say.
    pub evaluation: Evaluation,
    /// Per team: orders planned, points spent, points this turn.
    pub plans: Vec<(usize, u32, u32)>,
    /// Per team: teams that asked it for help.
    pub requests: Vec<Vec<TeamId>>,
    /// Every team's view: its plan, for the Teams tab.
    pub teams: Vec<TeamView>,
    /// Events of the last resolved turn.
    pub results: Vec<Event>,
    /// Facilitator actions taken since (not yet in the log).
    pub resolved: Option<u32>,
    /// Per team, who proposed each order of its plan (network play).
    pub proposers: Vec<Vec<Option<String>>>,
    /// Who is connected (network play).
    pub present: Vec<crate::table::Present>,
    /// The turn's planning deadline (network play).
    pub countdown: Option<crate::table::Countdown>,
}

/// An entry of the seat chooser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChooserItem {
    /// Take a seat.
    Seat(Seat),
    /// Open the end-of-exercise summary.
    Summary,
}

/// A scenario the picker offers.
#[derive(Clone, Debug)]
pub struct PickEntry {
    /// Its file name ("pacific-bridge.ron").
    pub file: String,
    /// Its text, kept in the record so the exercise can be resumed and replayed.
    pub text: String,
    /// The validated scenario.
    pub scenario: Arc<Scenario>,
}

/// The scenario picker: what it offers, the selection, and how to start the chosen one.
#[derive(Clone, Debug)]
pub struct Picker {
    /// The scenarios, the default first.
    pub entries: Vec<PickEntry>,
    /// The selected line.
    pub sel: usize,
    seed: u64,
    lang: Option<Lang>,
}

/// The whole application.
pub struct App {
    /// The exercise, shared with the other consoles at the table (network play).
    table: Shared,
    /// The scenario (it never changes during an exercise).
    scenario: Arc<Scenario>,
    /// Where the exercise is recorded.
    record_path: Option<std::path::PathBuf>,
    /// The seat and person this console is bound to (network play); `None` in hot-seat.
    bound: Option<Bound>,
    /// The table's generation when the snapshot was last rebuilt.
    synced: u64,
    /// The log's length when this console last looked for teammates' chat.
    chat_seen: usize,
    /// The interface text, shared by every console at the table.
    i18n: std::rc::Rc<I18n>,
    /// Interface state.
    pub ui: UiState,
    team_snap: Option<TeamSnap>,
    fac_snap: Option<FacSnap>,
    submitted: Vec<bool>,
    quit: bool,
    picker: Option<Picker>,
    /// Where the exercise chosen in the picker is recorded.
    record_to: Option<std::path::PathBuf>,
    /// The height of the last frame drawn, for page-sized moves (drawing takes `&self`).
    frame_height: std::cell::Cell<u16>,
    /// The ad-hoc inject waiting for the facilitator's confirmation; the form comes back
    /// with it if the answer is no, so nothing typed is lost.
    pending_adhoc: Option<AdHocForm>,
}

/// A console bound to one seat and one person (network play): no seat chooser, no
/// handover, and commands go out in the person's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    /// The seat, from the person's authenticated key.
    pub seat: Seat,
    /// The person's roster name.
    pub name: String,
    /// Their role in the team, if any.
    pub role: Option<String>,
    /// Whether their role may submit the team's plan.
    pub may_submit: bool,
}

impl App {
    /// An app on a new exercise of `scenario` with `seed`. `lang` fixes the interface language
    /// of every seat; without it each team reads its own language and the facilitator English.
    pub fn new(scenario: Arc<Scenario>, seed: u64, lang: Option<Lang>) -> App {
        App::with_recorder(Recorder::unrecorded(scenario, seed), lang)
    }

    /// An app on an exercise driven through `ex`: every action is committed to its record
    /// (when it has one) before the interface takes it as done.
    pub fn with_recorder(ex: Recorder, lang: Option<Lang>) -> App {
        App::at_table(Table::new(ex).shared(), lang)
    }

    /// A hot-seat app at a table.
    pub fn at_table(table: Shared, lang: Option<Lang>) -> App {
        let (scenario, seed, record_path, i18n) = {
            let t = table.borrow();
            let rec = t.recorder();
            (
                rec.scenario().clone(),
                rec.seed(),
                rec.path().map(std::path::Path::to_path_buf),
                t.i18n(),
            )
        };
        let n = scenario.teams.len();
        let ui = UiState {
            screen: Screen::Briefing,
            overlay: None,
            chooser: 0,
            briefing_scroll: 0,
            results_scroll: 0,
            teams: (0..n).map(|_| TeamUi::new()).collect(),
            fac: FacUi::default(),
            flash: None,
            team_lang: scenario
                .teams
                .iter()
                .map(|t| lang.unwrap_or(t.language))
                .collect(),
            fac_lang: lang.unwrap_or(Lang::En),
            results_seen: vec![0; n],
            fac_results_seen: 0,
        };
        let mut app = App {
            table,
            scenario,
            record_path,
            bound: None,
            synced: 0,
            chat_seen: 0,
            i18n,
            ui,
            team_snap: None,
            fac_snap: None,
            submitted: vec![false; n],
            quit: false,
            picker: None,
            record_to: None,
            pending_adhoc: None,
            frame_height: std::cell::Cell::new(24),
        };
        app.refresh();
        log::info!(
            "exercise {} opened with seed {seed}",
            app.scenario().meta.id
        );
        app
    }

    /// A console bound to one seat for one person (network play): it opens on the seat's
    /// console, never shows the seat chooser or another seat, and gives every command in the
    /// person's name.
    pub fn bound(table: Shared, bound: Bound, lang: Lang) -> App {
        let mut app = App::at_table(table, Some(lang));
        app.ui.screen = match bound.seat {
            Seat::Team(t) => Screen::Team(t),
            Seat::Facilitator => Screen::Facilitator,
        };
        // What was resolved before this person joined is not news to them.
        let resolved = app.last_resolved().unwrap_or(0);
        app.ui.results_seen.iter_mut().for_each(|r| *r = resolved);
        app.ui.fac_results_seen = resolved;
        log::info!("{} joined as {:?}", bound.name, bound.seat);
        let logged = app.rec().events().len();
        app.chat_seen = logged;
        app.bound = Some(bound);
        app.refresh();
        app
    }

    /// The seat and person this console is bound to, in network play.
    pub fn bound_to(&self) -> Option<&Bound> {
        self.bound.as_ref()
    }

    /// Brings the console up to date after another console changed the table. Returns
    /// whether anything changed, that is whether the screen needs drawing again. A turn
    /// resolved meanwhile takes a bound console to its results, unless its user is in the
    /// middle of a dialog.
    pub fn sync(&mut self) -> bool {
        if self.table.borrow().generation() == self.synced {
            return false;
        }
        // A teammate's chat line shows in the footer as it arrives (and stays in the
        // timeline).
        if let Some(Bound {
            seat: Seat::Team(t),
            name,
            ..
        }) = &self.bound
        {
            let seen = self.chat_seen;
            let (heard, logged) = {
                let rec = self.rec();
                let events = rec.events();
                let last = events
                    .get(seen.min(events.len())..)
                    .unwrap_or_default()
                    .iter()
                    .rev()
                    .find_map(|(_, e)| match e {
                        Event::Chat { team, by, text } if team == t && by != name => {
                            Some((by.clone(), text.clone()))
                        }
                        _ => None,
                    });
                (last, events.len())
            };
            self.chat_seen = logged;
            if let Some((by, text)) = heard {
                let line = self
                    .tr()
                    .ta("flash-chat", &[("by", by.into()), ("text", text.into())]);
                self.flash(line, false);
            }
        }
        if let Some(b) = &self.bound
            && self.ui.overlay.is_none()
            && let Some(resolved) = self.last_resolved()
        {
            match (b.seat, self.ui.screen) {
                (Seat::Team(t), Screen::Team(u))
                    if t == u && resolved > self.ui.results_seen[t.index()] =>
                {
                    self.ui.results_scroll = 0;
                    self.ui.screen = Screen::Results(Seat::Team(t));
                }
                (Seat::Facilitator, Screen::Facilitator) if resolved > self.ui.fac_results_seen => {
                    self.ui.results_scroll = 0;
                    self.ui.screen = Screen::Results(Seat::Facilitator);
                }
                _ => {}
            }
        }
        self.refresh();
        true
    }

    /// The clock moved on: updates the countdown on show without rebuilding anything else.
    /// Returns whether it changed (the screen needs drawing again).
    pub fn tick_clock(&mut self) -> bool {
        let c = self.countdown();
        let mut changed = false;
        if let Some(s) = &mut self.team_snap
            && s.countdown != c
        {
            s.countdown = c;
            changed = true;
        }
        if let Some(s) = &mut self.fac_snap
            && s.countdown != c
        {
            s.countdown = c;
            changed = true;
        }
        changed
    }

    /// The screen a bound console returns to: its seat's console.
    fn home(&self) -> Option<Screen> {
        self.bound.as_ref().map(|b| match b.seat {
            Seat::Team(t) => Screen::Team(t),
            Seat::Facilitator => Screen::Facilitator,
        })
    }

    /// An app that first shows the scenario picker over `entries` (the default first); the
    /// chosen scenario then starts as [`App::new`] would start it. `None` when `entries` is
    /// empty.
    pub fn with_picker(entries: Vec<PickEntry>, seed: u64, lang: Option<Lang>) -> Option<App> {
        let first = entries.first()?.scenario.clone();
        let mut app = App::new(first, seed, lang);
        app.picker = Some(Picker {
            entries,
            sel: 0,
            seed,
            lang,
        });
        app.ui.screen = Screen::Picker;
        Some(app)
    }

    /// The scenario picker, while it is on show.
    pub fn picker(&self) -> Option<&Picker> {
        self.picker.as_ref()
    }

    /// Starts the scenario selected in the picker and shows its briefing. The language the
    /// facilitator chose on the picker (`L`) carries over.
    fn pick(&mut self) {
        let Some(p) = self.picker.take() else {
            return;
        };
        let Some(entry) = p.entries.get(p.sel) else {
            self.picker = Some(p);
            return;
        };
        log::info!("scenario {} chosen in the picker", entry.file);
        let fac_lang = self.ui.fac_lang;
        let record_to = self.record_to.take();
        let ex = match &record_to {
            None => Recorder::unrecorded(entry.scenario.clone(), p.seed),
            Some(path) => {
                let driver = Driver {
                    kind: "play".into(),
                    ..Driver::default()
                };
                match Recorder::create(path, &entry.text, entry.scenario.clone(), p.seed, driver) {
                    Ok(r) => r,
                    Err(e) => {
                        // Nothing starts without its record: a facilitator must not play an
                        // exercise that a crash would lose.
                        log::error!("cannot record to {}: {e}", path.display());
                        self.record_to = record_to;
                        self.picker = Some(p);
                        let text = self
                            .tr()
                            .ta("flash-record-failed", &[("why", e.to_string().into())]);
                        self.flash(text, true);
                        return;
                    }
                }
            }
        };
        let hook = self.table.borrow_mut().take_after_resolve();
        *self = App::with_recorder(ex, p.lang);
        self.ui.fac_lang = fac_lang;
        if let Some(hook) = hook {
            self.table.borrow_mut().set_after_resolve(hook);
        }
    }

    /// The exercise being played.
    pub fn exercise(&self) -> Ref<'_, Exercise> {
        Ref::map(self.table.borrow(), Table::exercise)
    }

    /// The exercise and its record, for reading.
    fn rec(&self) -> Ref<'_, Recorder> {
        Ref::map(self.table.borrow(), Table::recorder)
    }

    /// Gives a command from a seat, in the bound person's name; `Ok` once it is recorded.
    fn execute(&self, seat: JSeat, command: Command) -> Result<Executed, RecordError> {
        let by = self.bound.as_ref().map(|b| b.name.clone());
        self.table
            .borrow_mut()
            .execute(seat, command, by.as_deref())
    }

    /// The table this console sits at.
    pub fn table(&self) -> &Shared {
        &self.table
    }

    /// Where the exercise is recorded, if it is.
    pub fn record_path(&self) -> Option<&std::path::Path> {
        self.record_path.as_deref()
    }

    /// Records the exercise chosen in the picker at `path` (a new file).
    pub fn record_picked_to(&mut self, path: std::path::PathBuf) {
        self.record_to = Some(path);
    }

    /// Runs `hook` after every resolved turn and shows the facilitator what it says; it
    /// stays in place when a scenario is chosen in the picker.
    pub fn after_resolve(&mut self, hook: AfterResolve) {
        self.table.borrow_mut().set_after_resolve(hook);
    }

    /// Whether a seat may give a command now, and why not.
    fn check(&self, seat: JSeat, command: &Command) -> Result<(), Refusal> {
        self.rec().check_command(seat, command)
    }

    /// The text of an action the engine or the record refused.
    fn refused(&self, e: &RecordError) -> String {
        match e {
            RecordError::Refused(r) => self.tr().refusal(r),
            other => self
                .tr()
                .ta("flash-record-failed", &[("why", other.to_string().into())]),
        }
    }

    /// The scenario.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The translations.
    pub fn i18n(&self) -> &I18n {
        &self.i18n
    }

    /// The screen on show.
    pub fn screen(&self) -> Screen {
        self.ui.screen
    }

    /// Whether the user confirmed quitting.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The team snapshot, when a team's screen is on show.
    pub fn team_snap(&self) -> Option<&TeamSnap> {
        self.team_snap.as_ref()
    }

    /// The facilitator snapshot, when the facilitator's screen is on show.
    pub fn fac_snap(&self) -> Option<&FacSnap> {
        self.fac_snap.as_ref()
    }

    /// Figures per resolved turn.
    pub fn history(&self) -> Ref<'_, [TurnStat]> {
        Ref::map(self.table.borrow(), Table::history)
    }

    /// What a team's screens are drawn from when `t` is at the keyboard: its snapshot, its
    /// interface state, and names through the team's projection of the scenario. It holds
    /// nothing else, so a team screen cannot reach the exercise or the full scenario.
    pub fn team_screen(&self, t: TeamId) -> Option<TeamScreen<'_>> {
        let snap = self.team_snap.as_ref().filter(|s| s.view.team == t)?;
        Some(TeamScreen {
            tr: Tr {
                i18n: &self.i18n,
                lang: self.lang(),
                s: &snap.scenario,
            },
            snap,
            ui: self.ui.teams.get(t.index())?,
            team: t,
        })
    }

    /// The seat whose screen is on show (the shared screens belong to the facilitator).
    pub fn seat(&self) -> Seat {
        match self.ui.screen {
            Screen::Handover(t) | Screen::Team(t) | Screen::Results(Seat::Team(t)) => Seat::Team(t),
            _ => Seat::Facilitator,
        }
    }

    /// The interface language now.
    pub fn lang(&self) -> Lang {
        match self.seat() {
            Seat::Team(t) => self
                .ui
                .team_lang
                .get(t.index())
                .copied()
                .unwrap_or(Lang::En),
            Seat::Facilitator => self.ui.fac_lang,
        }
    }

    /// Translation in the current language.
    pub fn tr(&self) -> Tr<'_> {
        Tr {
            i18n: &self.i18n,
            lang: self.lang(),
            s: &self.scenario,
        }
    }

    /// The entries of the seat chooser.
    pub fn chooser_items(&self) -> Vec<ChooserItem> {
        let mut v = vec![ChooserItem::Seat(Seat::Facilitator)];
        v.extend(
            (0..self.scenario().teams.len())
                .map(|t| ChooserItem::Seat(Seat::Team(TeamId(t as u16)))),
        );
        if self.rec().is_over() {
            v.push(ChooserItem::Summary);
        }
        v
    }

    /// The key context now.
    pub fn context(&self) -> Context {
        match &self.ui.overlay {
            Some(Overlay::Help) => Context::Help,
            Some(Overlay::Confirm(_)) => Context::Confirm,
            Some(Overlay::OrderMenu { .. }) => Context::OrderMenu,
            Some(Overlay::Prompt { .. }) => Context::Prompt,
            Some(Overlay::AdHoc(f)) if f.field < 2 => Context::FormChoice,
            Some(Overlay::AdHoc(_)) => Context::FormText,
            None => self.base_context(),
        }
    }

    /// The key context of the screen under any overlay.
    pub fn base_context(&self) -> Context {
        match self.ui.screen {
            Screen::Picker => Context::Picker,
            Screen::Briefing => Context::Briefing,
            Screen::Handover(_) => Context::Handover,
            Screen::Results(_) => Context::Results,
            Screen::Summary => Context::Summary,
            Screen::Team(t) => match self.team_ui(t).tab {
                TeamTab::Map => Context::Map,
                TeamTab::Inbox => Context::Inbox,
                TeamTab::Orders => Context::Orders,
                TeamTab::Partner => Context::Partner,
                TeamTab::Timeline => Context::Timeline,
            },
            Screen::Facilitator => match self.ui.fac.tab {
                FacTab::Truth => Context::Truth,
                FacTab::Adversary => Context::Adversary,
                FacTab::Msel => Context::Msel,
                FacTab::Teams => Context::Teams,
                FacTab::Evaluation => Context::Evaluation,
            },
        }
    }

    fn team_ui(&self, t: TeamId) -> &TeamUi {
        &self.ui.teams[t.index()]
    }

    fn team_ui_mut(&mut self, t: TeamId) -> &mut TeamUi {
        &mut self.ui.teams[t.index()]
    }

    /// Handles one terminal event.
    pub fn handle_event(&mut self, ev: &TermEvent) {
        match ev {
            TermEvent::Key(k) => {
                if let Some(action) = map_key(k, self.context()) {
                    self.update(action);
                }
            }
            // A paste goes into the field being typed, as far as the field takes it, and the
            // screen is rebuilt once, not once per character.
            TermEvent::Paste(text) => {
                for c in text.chars().filter(|c| !c.is_control()).take(MAX_TYPED) {
                    if matches!(self.context(), Context::Prompt | Context::FormText) {
                        self.perform(Action::Type(c));
                    }
                }
                self.refresh();
            }
            // A resize needs no state change: the next draw fits the new size.
            _ => {}
        }
    }

    /// Performs an action.
    pub fn update(&mut self, action: Action) {
        self.perform(action);
        self.refresh();
    }

    /// Performs an action without rebuilding the snapshot.
    fn perform(&mut self, action: Action) {
        log::debug!("action {action:?} on {:?}", self.ui.screen);
        if !matches!(
            action,
            Action::Type(_) | Action::Backspace | Action::ClearField
        ) {
            self.ui.flash = None;
        }
        match self.ui.overlay.take() {
            Some(ov) => self.overlay_action(ov, action),
            None => match action {
                Action::Help => self.ui.overlay = Some(Overlay::Help),
                Action::Quit => self.ui.overlay = Some(Overlay::Confirm(Confirm::Quit)),
                Action::Lang => self.switch_lang(),
                // A page is what the screen shows, not a fixed count: the lists and the
                // results move by the rows the last frame had room for.
                Action::PageUp | Action::PageDown
                    if matches!(
                        self.ui.screen,
                        Screen::Team(_) | Screen::Facilitator | Screen::Results(_)
                    ) =>
                {
                    let step = if action == Action::PageUp {
                        Action::Up
                    } else {
                        Action::Down
                    };
                    for _ in 0..self.page() {
                        self.screen_action(step);
                    }
                }
                _ => self.screen_action(action),
            },
        }
    }

    /// Remembers the height of the frame being drawn, for page-sized moves.
    pub(crate) fn note_frame_height(&self, h: u16) {
        self.frame_height.set(h);
    }

    /// Rows in a page: the height of the last frame less the headers, tabs and footer.
    fn page(&self) -> usize {
        usize::from(self.frame_height.get())
            .saturating_sub(10)
            .max(1)
    }

    fn flash(&mut self, text: String, error: bool) {
        if error {
            log::info!("refused: {text}");
        }
        self.ui.flash = Some(Flash { text, error });
    }

    fn switch_lang(&mut self) {
        let next = |l: Lang| match l {
            Lang::En => Lang::Ko,
            Lang::Ko => Lang::En,
        };
        match self.seat() {
            Seat::Team(t) => {
                if let Some(l) = self.ui.team_lang.get_mut(t.index()) {
                    *l = next(*l);
                }
            }
            Seat::Facilitator => self.ui.fac_lang = next(self.ui.fac_lang),
        }
        log::info!("language switched to {}", self.lang().tag());
    }

    fn overlay_action(&mut self, ov: Overlay, action: Action) {
        match ov {
            Overlay::Help => {
                if action != Action::Back {
                    self.ui.overlay = Some(Overlay::Help);
                }
            }
            Overlay::Confirm(c) => match action {
                Action::Yes => self.confirmed(c),
                // Back to the form, as it was.
                Action::No | Action::Back if c == Confirm::SendAdHoc => {
                    if let Some(f) = self.pending_adhoc.take() {
                        self.ui.overlay = Some(Overlay::AdHoc(f));
                    }
                }
                Action::No => {}
                Action::Quit => self.ui.overlay = Some(Overlay::Confirm(Confirm::Quit)),
                _ => self.ui.overlay = Some(Overlay::Confirm(c)),
            },
            Overlay::OrderMenu { sel } => self.order_menu(sel, action),
            Overlay::Prompt { kind, buf } => self.prompt(kind, buf, action),
            Overlay::AdHoc(form) => self.adhoc_form(form, action),
        }
    }

    fn confirmed(&mut self, c: Confirm) {
        match c {
            Confirm::Quit => {
                log::info!("quit at turn {}", self.rec().turn());
                self.quit = true;
            }
            Confirm::Submit(t) => match self.execute(JSeat::Team(t), Command::Submit) {
                Ok(_) => {
                    log::info!(
                        "{} submitted turn {}",
                        self.scenario().team(t).key,
                        self.rec().turn()
                    );
                    if self.bound.is_none() {
                        self.ui.screen = Screen::Briefing;
                        self.ui.chooser = self.next_seat_index();
                    }
                    // Named in the chooser's language, as the rest of the message is.
                    let name = self.tr().team(t);
                    let key = if self.bound.is_some() {
                        "flash-submitted-online"
                    } else {
                        "flash-submitted"
                    };
                    let text = self.tr().ta(key, &[("team", name.into())]);
                    self.flash(text, false);
                }
                Err(r) => {
                    let text = self.refused(&r);
                    self.flash(text, true);
                }
            },
            Confirm::ForceResolve => self.resolve(),
            Confirm::FireNow(i) => {
                self.fac_order(FacilitatorOrder::FireNow(i));
            }
            Confirm::SendAdHoc => {
                if let Some(f) = self.pending_adhoc.take() {
                    let order = self.adhoc_order(&f);
                    if !self.fac_order(order) {
                        // Refused: the form comes back with the reason in the footer.
                        self.ui.overlay = Some(Overlay::AdHoc(f));
                    }
                }
            }
            Confirm::LeaveUnsubmitted(_) => {
                self.ui.screen = Screen::Briefing;
                self.ui.chooser = self.next_seat_index();
            }
        }
    }

    /// The chooser line of the seat that should act next: a team still planning, else the
    /// facilitator.
    fn next_seat_index(&self) -> usize {
        let items = self.chooser_items();
        let view = self.rec().facilitator_view();
        for (i, item) in items.iter().enumerate() {
            if let ChooserItem::Seat(Seat::Team(t)) = item
                && !view.submitted.get(t.index()).copied().unwrap_or(true)
            {
                return i;
            }
        }
        0
    }

    fn screen_action(&mut self, action: Action) {
        match self.ui.screen {
            Screen::Picker => match action {
                Action::Enter => self.pick(),
                _ => {
                    if let Some(p) = &mut self.picker {
                        move_sel(&mut p.sel, p.entries.len(), action);
                    }
                }
            },
            Screen::Briefing => self.briefing_action(action),
            Screen::Handover(t) => match action {
                Action::Enter => {
                    let pending = self
                        .last_resolved()
                        .is_some_and(|r| r > self.ui.results_seen[t.index()]);
                    self.ui.results_scroll = 0;
                    self.ui.screen = if pending {
                        Screen::Results(Seat::Team(t))
                    } else {
                        Screen::Team(t)
                    };
                    log::info!("{} took the keyboard", self.scenario().team(t).key);
                }
                Action::Back => self.ui.screen = Screen::Briefing,
                _ => {}
            },
            Screen::Results(seat) => match action {
                Action::Enter => match seat {
                    Seat::Team(t) => {
                        self.ui.results_seen[t.index()] = self.last_resolved().unwrap_or(0);
                        self.ui.screen = Screen::Team(t);
                    }
                    Seat::Facilitator => {
                        self.ui.fac_results_seen = self.last_resolved().unwrap_or(0);
                        if self.rec().is_over() {
                            self.ui.results_scroll = 0;
                            self.ui.screen = Screen::Summary;
                        } else if let Some(home) = self.home() {
                            self.ui.screen = home;
                        } else {
                            self.ui.screen = Screen::Briefing;
                            self.ui.chooser = self.next_seat_index();
                        }
                    }
                },
                _ => scroll(&mut self.ui.results_scroll, action),
            },
            Screen::Summary => match action {
                Action::Back => {
                    self.ui.screen = self.home().unwrap_or(Screen::Briefing);
                    self.ui.chooser = 0;
                }
                _ => scroll(&mut self.ui.results_scroll, action),
            },
            Screen::Team(t) => self.team_action(t, action),
            Screen::Facilitator => self.fac_action(action),
        }
    }

    fn briefing_action(&mut self, action: Action) {
        let n = self.chooser_items().len();
        match action {
            Action::Up => self.ui.chooser = self.ui.chooser.saturating_sub(1),
            Action::Down => self.ui.chooser = (self.ui.chooser + 1).min(n - 1),
            Action::PageUp => {
                self.ui.briefing_scroll = self.ui.briefing_scroll.saturating_sub(self.page());
            }
            Action::PageDown => self.ui.briefing_scroll += self.page(),
            Action::Enter => match self.chooser_items().get(self.ui.chooser) {
                Some(ChooserItem::Seat(Seat::Facilitator)) => {
                    self.ui.screen = Screen::Facilitator;
                    log::info!("facilitator took the keyboard");
                }
                Some(ChooserItem::Seat(Seat::Team(t))) => self.ui.screen = Screen::Handover(*t),
                Some(ChooserItem::Summary) => {
                    self.ui.results_scroll = 0;
                    self.ui.screen = Screen::Summary;
                }
                None => {}
            },
            _ => {}
        }
    }

    fn team_action(&mut self, t: TeamId, action: Action) {
        let tabs = TeamTab::ALL;
        let cur = tabs
            .iter()
            .position(|x| *x == self.team_ui(t).tab)
            .unwrap_or(0);
        // A tab opens on its left pane: focus left behind on an earlier visit, with no
        // highlight to show it, would send the next order to a line nobody is looking at.
        let open = |ui: &mut TeamUi, tab: TeamTab| {
            ui.tab = tab;
            ui.orders_pane = 0;
            ui.partner_pane = 0;
        };
        match action {
            Action::NextTab => open(self.team_ui_mut(t), tabs[(cur + 1) % tabs.len()]),
            Action::PrevTab => open(
                self.team_ui_mut(t),
                tabs[(cur + tabs.len() - 1) % tabs.len()],
            ),
            Action::Tab(n) => {
                if let Some(tab) = tabs.get(n as usize) {
                    open(self.team_ui_mut(t), *tab);
                }
            }
            // The engine says whether the plan can be submitted; the question comes after.
            Action::Chat => {
                self.ui.overlay = Some(Overlay::Prompt {
                    kind: PromptKind::Chat(t),
                    buf: String::new(),
                });
            }
            Action::Submit if self.bound.as_ref().is_some_and(|b| !b.may_submit) => {
                let role = self
                    .bound
                    .as_ref()
                    .and_then(|b| b.role.clone())
                    .unwrap_or_default();
                let text = self
                    .tr()
                    .ta("flash-not-submitter", &[("role", role.into())]);
                self.flash(text, true);
            }
            Action::Submit => match self.check(JSeat::Team(t), &Command::Submit) {
                Ok(()) => self.ui.overlay = Some(Overlay::Confirm(Confirm::Submit(t))),
                Err(r) => {
                    let text = self.tr().refusal(&r);
                    self.flash(text, true);
                }
            },
            // Esc backs out one level at a time: the map's filter, then a pane, then the
            // console itself — asking first when the plan is not submitted.
            Action::Back => {
                let submitted = self.team_snap.as_ref().is_some_and(|s| s.view.submitted);
                let over = self.rec().is_over();
                let ui = self.team_ui_mut(t);
                let filtered = !ui.map.filter.is_empty() || ui.map.status != StatusFilter::All;
                if ui.tab == TeamTab::Map && filtered {
                    ui.map.filter.clear();
                    ui.map.status = StatusFilter::All;
                    let text = self.tr().t("flash-filter-cleared");
                    self.flash(text, false);
                } else if ui.tab == TeamTab::Orders && ui.orders_pane != 0 {
                    ui.orders_pane = 0;
                } else if ui.tab == TeamTab::Partner && ui.partner_pane != 0 {
                    ui.partner_pane = 0;
                } else if self.bound.is_some() {
                    // A player's console is their only screen: nothing to back out to.
                } else if !submitted && !over {
                    self.ui.overlay = Some(Overlay::Confirm(Confirm::LeaveUnsubmitted(t)));
                } else {
                    self.ui.screen = Screen::Briefing;
                    self.ui.chooser = self.next_seat_index();
                }
            }
            _ => match self.team_ui(t).tab {
                TeamTab::Map => self.map_action(t, action),
                TeamTab::Inbox => self.inbox_action(t, action),
                TeamTab::Orders => self.orders_action(t, action),
                TeamTab::Partner => self.partner_action(t, action),
                TeamTab::Timeline => {
                    let n = self.team_snap.as_ref().map_or(0, |s| s.events.len());
                    let ui = self.team_ui_mut(t);
                    move_sel(&mut ui.timeline_scroll, n, action);
                }
            },
        }
    }

    fn map_action(&mut self, t: TeamId, action: Action) {
        let Some(snap) = self.team_snap.as_ref() else {
            return;
        };
        let n = snap.rows.len();
        let row = snap.rows.get(self.team_ui(t).map.sel).cloned();
        let many = snap.view.assets.len() > COLLAPSE_ABOVE;
        let zone_of = |i: usize| {
            let a = self.scenario().asset(snap.view.assets[i].asset);
            (a.sector, a.zone)
        };
        let parent = match &row {
            Some(MapRow::Asset(i)) => Some(zone_of(*i)),
            _ => None,
        };
        match action {
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Home
            | Action::End => {
                let ui = self.team_ui_mut(t);
                move_sel(&mut ui.map.sel, n, action);
                ui.detail_scroll = 0;
            }
            Action::DetailUp => {
                let ui = self.team_ui_mut(t);
                ui.detail_scroll = ui.detail_scroll.saturating_sub(5);
            }
            Action::DetailDown => self.team_ui_mut(t).detail_scroll += 5,
            Action::Enter => match row {
                Some(MapRow::Asset(_)) => self.ui.overlay = Some(Overlay::OrderMenu { sel: 0 }),
                Some(r) => self.toggle_group(t, &r, many),
                None => {}
            },
            Action::Toggle => match (row, parent) {
                (Some(MapRow::Asset(_)), Some((sector, zone))) => {
                    set_collapsed(
                        &mut self.team_ui_mut(t).map,
                        (sector, Some(zone)),
                        false,
                        true,
                    );
                }
                (Some(r), _) => self.toggle_group(t, &r, many),
                _ => {}
            },
            Action::Left => match (row, parent) {
                (Some(MapRow::Asset(_)), Some((sector, zone))) => {
                    self.select_row(t, RowKey::Group(sector, Some(zone)));
                }
                (
                    Some(MapRow::Zone {
                        sector,
                        zone,
                        collapsed,
                        ..
                    }),
                    _,
                ) => {
                    if collapsed {
                        self.select_row(t, RowKey::Group(sector, None));
                    } else {
                        set_collapsed(
                            &mut self.team_ui_mut(t).map,
                            (sector, Some(zone)),
                            false,
                            true,
                        );
                    }
                }
                (Some(MapRow::Sector { sector, .. }), _) => {
                    set_collapsed(&mut self.team_ui_mut(t).map, (sector, None), many, true);
                }
                _ => {}
            },
            Action::Right => match row {
                Some(MapRow::Zone { sector, zone, .. }) => {
                    set_collapsed(
                        &mut self.team_ui_mut(t).map,
                        (sector, Some(zone)),
                        false,
                        false,
                    );
                }
                Some(MapRow::Sector { sector, .. }) => {
                    set_collapsed(&mut self.team_ui_mut(t).map, (sector, None), many, false);
                }
                _ => {}
            },
            Action::Zoom => {
                let any_open = snap.rows.iter().any(|r| {
                    matches!(
                        r,
                        MapRow::Sector {
                            collapsed: false,
                            ..
                        }
                    )
                });
                let sectors: Vec<Sector> = snap
                    .rows
                    .iter()
                    .filter_map(|r| match r {
                        MapRow::Sector { sector, .. } => Some(*sector),
                        _ => None,
                    })
                    .collect();
                let map = &mut self.team_ui_mut(t).map;
                for s in sectors {
                    set_collapsed(map, (s, None), many, any_open);
                }
                map.sel = 0;
            }
            Action::Filter => {
                let buf = self.team_ui(t).map.filter.clone();
                self.ui.overlay = Some(Overlay::Prompt {
                    kind: PromptKind::Filter(t),
                    buf,
                });
            }
            Action::CycleFilter => {
                let map = &mut self.team_ui_mut(t).map;
                map.status = map.status.next();
                map.sel = 0;
            }
            _ => {}
        }
    }

    fn toggle_group(&mut self, t: TeamId, row: &MapRow, many: bool) {
        let map = &mut self.team_ui_mut(t).map;
        match row {
            MapRow::Sector {
                sector, collapsed, ..
            } => set_collapsed(map, (*sector, None), many, !collapsed),
            MapRow::Zone {
                sector,
                zone,
                collapsed,
                ..
            } => set_collapsed(map, (*sector, Some(*zone)), false, !collapsed),
            MapRow::Asset(_) => {}
        }
    }

    fn select_row(&mut self, t: TeamId, key: RowKey) {
        if let Some(snap) = &self.team_snap
            && let Some(i) = snap.rows.iter().position(|r| r.key(&snap.view) == key)
        {
            self.ui.teams[t.index()].map.sel = i;
        }
    }

    fn inbox_action(&mut self, t: TeamId, action: Action) {
        let n = self.team_snap.as_ref().map_or(0, |s| s.view.inbox.len());
        match action {
            Action::Ack => {
                let sel = self.team_ui(t).inbox_sel;
                if let Some(i) = n.checked_sub(sel + 1) {
                    self.ack(t, i);
                }
            }
            Action::DetailUp => {
                let ui = self.team_ui_mut(t);
                ui.detail_scroll = ui.detail_scroll.saturating_sub(10);
            }
            Action::DetailDown => self.team_ui_mut(t).detail_scroll += 10,
            _ => {
                let ui = self.team_ui_mut(t);
                move_sel(&mut ui.inbox_sel, n, action);
                ui.detail_scroll = 0;
            }
        }
    }

    fn ack(&mut self, t: TeamId, inbox_index: usize) {
        self.team_ui_mut(t).read.insert(inbox_index);
        let done = self.execute(JSeat::Team(t), Command::Acknowledge(inbox_index));
        match done {
            Ok(_) => {
                log::info!("team {} acknowledged message {inbox_index}", t.0);
                let text = self.tr().t("flash-acked");
                self.flash(text, false);
            }
            // Acknowledging twice is harmless: the message already shows its tick.
            Err(RecordError::Refused(Refusal::AlreadyAcknowledged)) => {}
            Err(e) => {
                let text = self.refused(&e);
                self.flash(text, true);
            }
        }
    }

    fn orders_action(&mut self, t: TeamId, action: Action) {
        let Some(snap) = self.team_snap.as_ref() else {
            return;
        };
        let plan_n = snap.view.plan.len();
        let ind_n = snap.view.indicators.len();
        let indicator = snap
            .view
            .indicators
            .get(self.team_ui(t).ind_sel)
            .map(|k| k.indicator);
        let requests = snap.view.assistance_requests.clone();
        match action {
            // ← is the plan, → the indicators: a direction, not a toggle, so a key pressed
            // twice cannot land somewhere unexpected.
            Action::Left => self.team_ui_mut(t).orders_pane = 0,
            Action::Right => self.team_ui_mut(t).orders_pane = 1,
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Home
            | Action::End => {
                let ui = self.team_ui_mut(t);
                if ui.orders_pane == 0 {
                    move_sel(&mut ui.plan_sel, plan_n, action);
                } else {
                    move_sel(&mut ui.ind_sel, ind_n, action);
                }
            }
            // Orders act on the highlighted line of the focused pane only.
            Action::Withdraw if self.team_ui(t).orders_pane != 0 => {
                let text = self.tr().t("flash-focus-plan");
                self.flash(text, true);
            }
            Action::Hunt | Action::Block | Action::Advisory | Action::Joint
                if self.team_ui(t).orders_pane != 1 =>
            {
                let text = self.tr().t("flash-focus-indicators");
                self.flash(text, true);
            }
            Action::Withdraw => {
                let sel = self.team_ui(t).plan_sel;
                let done = self.execute(JSeat::Team(t), Command::Withdraw(sel));
                match done {
                    Err(e) if !matches!(e, RecordError::Refused(_)) => {
                        let text = self.refused(&e);
                        self.flash(text, true);
                    }
                    Ok(Executed::Withdrawn(o)) => {
                        log::info!("team {} withdrew {o:?}", t.0);
                        let text = self
                            .tr()
                            .ta("flash-withdrawn", &[("order", self.tr().order(&o).into())]);
                        self.flash(text, false);
                    }
                    Ok(_) | Err(_) => {
                        let text = self.tr().t(if plan_n == 0 {
                            "flash-plan-empty"
                        } else {
                            "refusal-submitted"
                        });
                        self.flash(text, true);
                    }
                }
            }
            Action::Hunt | Action::Block | Action::Advisory | Action::Joint => {
                let Some(i) = indicator else {
                    let text = self.tr().t("flash-no-indicator");
                    self.flash(text, true);
                    return;
                };
                let order = match action {
                    Action::Hunt => TeamOrder::Hunt(i),
                    Action::Block => TeamOrder::Block(i),
                    Action::Advisory => TeamOrder::PublicAdvisory(vec![i]),
                    _ => match self.scenario().indicators[i.index()].actor {
                        Some(actor) => TeamOrder::JointOperation(actor),
                        None => {
                            let text = self.tr().t("flash-no-actor");
                            self.flash(text, true);
                            return;
                        }
                    },
                };
                self.give(t, order);
            }
            Action::RequestHelp => {
                self.ui.overlay = Some(Overlay::Prompt {
                    kind: PromptKind::Request(t),
                    buf: String::new(),
                });
            }
            Action::GiveHelp => match requests.first() {
                Some(to) => {
                    self.give(t, TeamOrder::ProvideAssistance(*to));
                }
                None => {
                    let text = self.tr().refusal(&Refusal::NotRequested);
                    self.flash(text, true);
                }
            },
            _ => {}
        }
    }

    fn partner_action(&mut self, t: TeamId, action: Action) {
        let Some(snap) = self.team_snap.as_ref() else {
            return;
        };
        let inds: Vec<IndicatorId> = snap.view.indicators.iter().map(|k| k.indicator).collect();
        let received = received_messages(&snap.view);
        let share = snap.share.0.clone();
        let others: Vec<TeamId> = (0..self.scenario().teams.len() as u16)
            .map(TeamId)
            .filter(|x| *x != t)
            .collect();
        match action {
            Action::Left => self.team_ui_mut(t).partner_pane = 0,
            Action::Right => self.team_ui_mut(t).partner_pane = 1,
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Home
            | Action::End => {
                let ui = self.team_ui_mut(t);
                if ui.partner_pane == 0 {
                    move_sel(&mut ui.partner_sel, inds.len(), action);
                } else {
                    move_sel(&mut ui.recv_sel, received.len(), action);
                }
            }
            Action::Toggle if self.team_ui(t).partner_pane != 0 => {
                let text = self.tr().t("flash-focus-pick");
                self.flash(text, true);
            }
            Action::Ack if self.team_ui(t).partner_pane != 1 => {
                let text = self.tr().t("flash-focus-received");
                self.flash(text, true);
            }
            Action::Toggle => {
                let ui = self.team_ui_mut(t);
                if let Some(i) = inds.get(ui.partner_sel)
                    && !ui.picked.remove(i)
                {
                    ui.picked.insert(*i);
                }
            }
            Action::CycleTlp => {
                let ui = self.team_ui_mut(t);
                let all = Tlp::ALL;
                let i = all.iter().position(|x| *x == ui.tlp).unwrap_or(0);
                ui.tlp = all[(i + 1) % all.len()];
            }
            Action::CycleRecipient => {
                let ui = self.team_ui_mut(t);
                ui.to = match ui.to {
                    None => others.first().copied(),
                    Some(cur) => others
                        .iter()
                        .position(|x| *x == cur)
                        .and_then(|i| others.get(i + 1))
                        .copied(),
                };
            }
            Action::EditText => {
                let buf = self.team_ui(t).text.clone();
                self.ui.overlay = Some(Overlay::Prompt {
                    kind: PromptKind::ShareText(t),
                    buf,
                });
            }
            Action::Enter if self.give(t, share) => {
                let ui = self.team_ui_mut(t);
                ui.picked.clear();
                ui.text.clear();
            }
            Action::Ack => {
                let sel = self.team_ui(t).recv_sel;
                if let Some(i) = received.get(sel) {
                    self.ack(t, *i);
                }
            }
            _ => {}
        }
    }

    /// Sets the turn's planning time from what the facilitator typed (minutes; 0 clears).
    fn set_deadline(&mut self, typed: &str) {
        let Ok(minutes) = typed.trim().parse::<u32>() else {
            let text = self
                .tr()
                .ta("flash-deadline-bad", &[("typed", typed.to_owned().into())]);
            self.flash(text, true);
            return;
        };
        let set = self.table.borrow_mut().set_deadline(minutes);
        match set {
            Ok(()) => {
                log::info!("planning time set to {minutes} minutes");
                let text = if minutes == 0 {
                    self.tr().t("flash-deadline-cleared")
                } else {
                    self.tr()
                        .ta("flash-deadline-set", &[("minutes", minutes.into())])
                };
                self.flash(text, false);
            }
            Err(e) => {
                let key = match e {
                    crate::table::DeadlineError::NoClock => "flash-deadline-no-clock",
                    crate::table::DeadlineError::TooLong => "flash-deadline-too-long",
                    crate::table::DeadlineError::Over => "status-over",
                };
                let text = self.tr().t(key);
                self.flash(text, true);
            }
        }
    }

    /// The planning deadline now, for the header (network play).
    pub fn countdown(&self) -> Option<crate::table::Countdown> {
        self.table.borrow().countdown()
    }

    /// Writes a line in a team's chat, in the bound person's name (the team's key on one
    /// terminal, where the team is one group at the keyboard).
    fn chat(&mut self, t: TeamId, text: String) {
        let by = self
            .bound
            .as_ref()
            .map_or_else(|| self.scenario.team(t).key.clone(), |b| b.name.clone());
        let done = self.execute(JSeat::Team(t), Command::Chat { by, text });
        if let Err(e) = done {
            let text = self.refused(&e);
            self.flash(text, true);
        }
    }

    /// Gives a team order; reports the refusal in the footer. Returns whether it was taken.
    fn give(&mut self, t: TeamId, order: TeamOrder) -> bool {
        let label = self.tr().order(&order);
        let cost = order.cost();
        let done = self.execute(JSeat::Team(t), Command::Order(order.clone()));
        match done {
            Ok(_) => {
                log::info!("team {} planned {order:?}", t.0);
                let text = self.tr().ta(
                    "flash-planned",
                    &[("order", label.into()), ("cost", cost.into())],
                );
                self.flash(text, false);
                true
            }
            Err(r) => {
                let text = format!("{label} — {}", self.refused(&r));
                self.flash(text, true);
                false
            }
        }
    }

    fn fac_order(&mut self, order: FacilitatorOrder) -> bool {
        let label = self.tr().fac_order(&order);
        let done = self.execute(JSeat::Facilitator, Command::Facilitate(order.clone()));
        match done {
            Ok(_) => {
                log::info!("facilitator: {order:?}");
                self.flash(label, false);
                true
            }
            Err(r) => {
                let text = format!("{label} — {}", self.refused(&r));
                self.flash(text, true);
                false
            }
        }
    }

    fn fac_action(&mut self, action: Action) {
        let tabs = FacTab::ALL;
        let cur = tabs.iter().position(|x| *x == self.ui.fac.tab).unwrap_or(0);
        let Some(snap) = self.fac_snap.as_ref() else {
            return;
        };
        let assets = snap.view.assets.len();
        let camps = snap.view.campaigns.len();
        let injects = snap.view.injects.len();
        // Ad-hoc injects follow the scripted ones in the MSEL list.
        let rows = injects + snap.view.adhoc.len();
        let paused = snap.view.paused;
        let allowed = snap.view.violations_allowed;
        match action {
            Action::NextTab => self.ui.fac.tab = tabs[(cur + 1) % tabs.len()],
            Action::PrevTab => self.ui.fac.tab = tabs[(cur + tabs.len() - 1) % tabs.len()],
            Action::Tab(n) => {
                if let Some(tab) = tabs.get(n as usize) {
                    self.ui.fac.tab = *tab;
                }
            }
            Action::Back if self.bound.is_some() => {}
            Action::Back => {
                self.ui.screen = Screen::Briefing;
                self.ui.chooser = self.next_seat_index();
            }
            Action::Resolve => {
                if self.rec().is_over() {
                    let text = self.tr().refusal(&Refusal::ExerciseOver);
                    self.flash(text, true);
                } else if self.rec().all_submitted() {
                    self.resolve();
                } else {
                    self.ui.overlay = Some(Overlay::Confirm(Confirm::ForceResolve));
                }
            }
            Action::Deadline => {
                self.ui.overlay = Some(Overlay::Prompt {
                    kind: PromptKind::Deadline,
                    buf: String::new(),
                });
            }
            Action::Pause => {
                self.fac_order(if paused {
                    FacilitatorOrder::Resume
                } else {
                    FacilitatorOrder::Pause
                });
            }
            _ => match self.ui.fac.tab {
                FacTab::Truth => move_sel(&mut self.ui.fac.truth_scroll, assets, action),
                FacTab::Adversary => move_sel(&mut self.ui.fac.camp_sel, camps, action),
                FacTab::Msel => {
                    let inject = InjectId(self.ui.fac.msel_sel as u32);
                    let adhoc_row = self.ui.fac.msel_sel >= injects;
                    match action {
                        // An ad-hoc inject was sent when it was written: nothing to hold.
                        Action::Hold | Action::Release | Action::FireNow if adhoc_row => {
                            let text = self.tr().refusal(&Refusal::AlreadyFired);
                            self.flash(text, true);
                        }
                        Action::Hold => {
                            self.fac_order(FacilitatorOrder::Hold(inject));
                        }
                        Action::Release => {
                            self.fac_order(FacilitatorOrder::Release(inject));
                        }
                        Action::FireNow => {
                            self.ui.overlay = Some(Overlay::Confirm(Confirm::FireNow(inject)));
                        }
                        Action::AdHoc => {
                            self.ui.overlay = Some(Overlay::AdHoc(AdHocForm {
                                to: None,
                                channel: Channel::Leadership,
                                title: String::new(),
                                text: String::new(),
                                field: 0,
                            }));
                        }
                        Action::DetailUp => {
                            self.ui.fac.detail_scroll = self.ui.fac.detail_scroll.saturating_sub(3);
                        }
                        Action::DetailDown => self.ui.fac.detail_scroll += 3,
                        _ => {
                            move_sel(&mut self.ui.fac.msel_sel, rows, action);
                            self.ui.fac.detail_scroll = 0;
                        }
                    }
                }
                FacTab::Teams => {
                    if action == Action::Violations {
                        self.fac_order(FacilitatorOrder::AllowTlpViolations(!allowed));
                    }
                }
                FacTab::Evaluation => match action {
                    Action::DetailUp => {
                        self.ui.fac.detail_scroll = self.ui.fac.detail_scroll.saturating_sub(5);
                    }
                    Action::DetailDown => self.ui.fac.detail_scroll += 5,
                    _ => move_sel(&mut self.ui.fac.eval_scroll, 200, action),
                },
            },
        }
    }

    fn resolve(&mut self) {
        let done = self.execute(JSeat::Facilitator, Command::Resolve);
        match done {
            Ok(Executed::Resolved(report)) => {
                log::info!(
                    "turn {} resolved: {} events, hash {:016x}",
                    report.turn,
                    report.events.len(),
                    report.hash
                );
                let said = self.table.borrow().hook_said().to_vec();
                if !said.is_empty() {
                    for line in &said {
                        log::warn!("{line}");
                    }
                    self.ui.flash = Some(Flash {
                        text: said.join(" · "),
                        error: true,
                    });
                }
                self.ui.results_scroll = 0;
                self.ui.screen = Screen::Results(Seat::Facilitator);
                if self.rec().is_over() {
                    log::info!("exercise over");
                }
            }
            Ok(_) => {}
            Err(r) => {
                let text = self.refused(&r);
                self.flash(text, true);
            }
        }
    }

    fn order_menu(&mut self, sel: usize, action: Action) {
        let Screen::Team(t) = self.ui.screen else {
            return;
        };
        let orders: Vec<TeamOrder> = self
            .team_snap
            .as_ref()
            .map(|s| s.asset_orders.iter().map(|(o, _)| o.clone()).collect())
            .unwrap_or_default();
        let mut sel = sel;
        match action {
            Action::Back => return,
            Action::Enter => {
                if let Some(o) = orders.get(sel)
                    && self.give(t, o.clone())
                {
                    return;
                }
            }
            _ => move_sel(&mut sel, orders.len(), action),
        }
        self.ui.overlay = Some(Overlay::OrderMenu { sel });
    }

    fn prompt(&mut self, kind: PromptKind, mut buf: String, action: Action) {
        match action {
            // A paste of a whole file must not grow a one-line field without end.
            Action::Type(c) if buf.chars().count() < MAX_TYPED => buf.push(c),
            Action::Backspace => {
                buf.pop();
            }
            Action::ClearField => buf.clear(),
            Action::Back => {
                if let PromptKind::Filter(t) = kind {
                    let map = &mut self.team_ui_mut(t).map;
                    map.filter.clear();
                    map.sel = 0;
                }
                return;
            }
            Action::Enter => {
                match kind {
                    PromptKind::Filter(_) => {}
                    PromptKind::ShareText(t) => self.team_ui_mut(t).text = buf,
                    PromptKind::Chat(t) => self.chat(t, buf),
                    PromptKind::Deadline => self.set_deadline(&buf),
                    PromptKind::Request(t) => {
                        let text = match self.lang() {
                            Lang::En => Text::en(buf),
                            Lang::Ko => Text {
                                en: None,
                                ko: Some(buf),
                            },
                        };
                        self.give(t, TeamOrder::RequestAssistance(text));
                    }
                }
                return;
            }
            Action::Quit => {
                self.ui.overlay = Some(Overlay::Confirm(Confirm::Quit));
                return;
            }
            _ => {}
        }
        if let PromptKind::Filter(t) = kind {
            let map = &mut self.team_ui_mut(t).map;
            map.filter = buf.clone();
            map.sel = 0;
        }
        self.ui.overlay = Some(Overlay::Prompt { kind, buf });
    }

    fn adhoc_form(&mut self, mut f: AdHocForm, action: Action) {
        let teams = self.scenario().teams.len() as u16;
        let cycle_to = |to: Option<TeamId>, fwd: bool| -> Option<TeamId> {
            // None, team 0, team 1, … in a ring.
            let pos = to.map_or(0, |t| t.0 + 1);
            let n = teams + 1;
            let next = if fwd {
                (pos + 1) % n
            } else {
                (pos + n - 1) % n
            };
            (next > 0).then(|| TeamId(next - 1))
        };
        let cycle_channel = |c: Channel, fwd: bool| {
            let all = Channel::ALL;
            let i = all.iter().position(|x| *x == c).unwrap_or(0);
            all[if fwd {
                (i + 1) % all.len()
            } else {
                (i + all.len() - 1) % all.len()
            }]
        };
        match action {
            Action::Back => return,
            Action::Quit => {
                self.ui.overlay = Some(Overlay::Confirm(Confirm::Quit));
                return;
            }
            Action::NextField => f.field = (f.field + 1) % 4,
            Action::PrevField => f.field = (f.field + 3) % 4,
            Action::Left | Action::Right => {
                let fwd = action == Action::Right;
                match f.field {
                    0 => f.to = cycle_to(f.to, fwd),
                    1 => f.channel = cycle_channel(f.channel, fwd),
                    _ => {}
                }
            }
            Action::Type(c) => match f.field {
                2 if f.title.chars().count() < MAX_TYPED => f.title.push(c),
                3 if f.text.chars().count() < MAX_TYPED => f.text.push(c),
                _ => {}
            },
            Action::Backspace => match f.field {
                2 => {
                    f.title.pop();
                }
                3 => {
                    f.text.pop();
                }
                _ => {}
            },
            Action::ClearField => match f.field {
                2 => f.title.clear(),
                3 => f.text.clear(),
                _ => {}
            },
            Action::Enter => {
                // Checked first, so an empty inject is refused in the form, not after a yes.
                let order = self.adhoc_order(&f);
                let checked = self.check(JSeat::Facilitator, &Command::Facilitate(order));
                match checked {
                    Ok(()) => {
                        self.pending_adhoc = Some(f);
                        self.ui.overlay = Some(Overlay::Confirm(Confirm::SendAdHoc));
                        return;
                    }
                    Err(r) => {
                        let text = self.tr().refusal(&r);
                        self.flash(text, true);
                    }
                }
            }
            _ => {}
        }
        self.ui.overlay = Some(Overlay::AdHoc(f));
    }

    /// The facilitator order an ad-hoc form describes, in the language it was written in.
    fn adhoc_order(&self, f: &AdHocForm) -> FacilitatorOrder {
        let text = |s: &str| match self.lang() {
            Lang::En => Text::en(s),
            Lang::Ko => Text {
                en: None,
                ko: Some(s.to_owned()),
            },
        };
        FacilitatorOrder::AdHoc(AdHocInject {
            to: f.to,
            channel: f.channel,
            title: text(&f.title),
            text: text(&f.text),
        })
    }

    /// The last resolved turn, if any.
    pub fn last_resolved(&self) -> Option<u32> {
        self.table.borrow().last_report().map(|r| r.turn)
    }

    /// Everything the last resolution produced: the turn's events, then the next turn's
    /// opening injects.
    fn last_events(&self) -> Vec<Event> {
        self.table
            .borrow()
            .last_report()
            .map_or_else(Vec::new, |r| {
                r.events.iter().chain(&r.opening).cloned().collect()
            })
    }

    /// Per team, whether it has submitted this turn (public: the chooser shows it).
    pub fn submitted(&self) -> &[bool] {
        &self.submitted
    }

    /// Rebuilds the snapshot of the seat on show.
    fn refresh(&mut self) {
        let submitted = self.rec().facilitator_view().submitted;
        self.submitted = submitted;
        self.synced = self.table.borrow().generation();
        match self.ui.screen {
            Screen::Team(t) | Screen::Results(Seat::Team(t)) => {
                self.fac_snap = None;
                self.team_snap = Some(self.team_snapshot(t));
                if let Some(snap) = &self.team_snap {
                    let n = snap.view.inbox.len();
                    let ui = &mut self.ui.teams[t.index()];
                    if self.ui.screen == Screen::Team(t)
                        && ui.tab == TeamTab::Inbox
                        && let Some(i) = n.checked_sub(ui.inbox_sel + 1)
                    {
                        ui.read.insert(i);
                    }
                }
            }
            Screen::Facilitator | Screen::Results(Seat::Facilitator) | Screen::Summary => {
                self.team_snap = None;
                self.fac_snap = Some(self.fac_snapshot());
            }
            // Nothing private exists while the keyboard changes hands.
            Screen::Picker | Screen::Briefing | Screen::Handover(_) => {
                self.team_snap = None;
                self.fac_snap = None;
            }
        }
    }

    fn team_snapshot(&mut self, t: TeamId) -> TeamSnap {
        let obs = self.rec().observe_team(t, 0);
        let view = obs.view.clone();
        // One projection per team, shared by every console of that team.
        let (s, links) = self.table.borrow_mut().team_projection(t);
        let old_key = self.team_snap.as_ref().and_then(|snap| {
            (snap.view.team == t)
                .then(|| {
                    snap.rows
                        .get(self.ui.teams[t.index()].map.sel)
                        .map(|r| r.key(&snap.view))
                })
                .flatten()
        });
        let rows = map_rows(&view, &s, &self.ui.teams[t.index()].map);
        let ui = &mut self.ui.teams[t.index()];
        if let Some(k) = old_key
            && let Some(i) = rows.iter().position(|r| r.key(&view) == k)
        {
            ui.map.sel = i;
        }
        ui.map.sel = ui.map.sel.min(rows.len().saturating_sub(1));
        ui.plan_sel = ui.plan_sel.min(view.plan.len().saturating_sub(1));
        ui.ind_sel = ui.ind_sel.min(view.indicators.len().saturating_sub(1));
        ui.partner_sel = ui.partner_sel.min(view.indicators.len().saturating_sub(1));
        // New mail goes on top of the newest-first list: keep the cursor on its message.
        let arrived = view.inbox.len().saturating_sub(ui.inbox_seen);
        if ui.inbox_seen > 0 {
            ui.inbox_sel += arrived;
        }
        ui.inbox_seen = view.inbox.len();
        ui.inbox_sel = ui.inbox_sel.min(view.inbox.len().saturating_sub(1));
        // The engine decides which orders each asset and indicator offers, and why any
        // cannot be given: the menus only render its answer.
        let offered = |offers: Vec<jointex_sim::Offer>| -> Vec<Checked> {
            offers
                .into_iter()
                .map(|o| (o.order, o.refusal.map_or(Ok(()), Err)))
                .collect()
        };
        let (map_sel, ind_sel) = (ui.map.sel, ui.ind_sel);
        let (to, picked, tlp, text) = (
            ui.to,
            ui.picked.iter().copied().collect(),
            ui.tlp,
            ui.text.clone(),
        );
        let asset_orders = match rows.get(map_sel) {
            Some(MapRow::Asset(i)) => offered(self.rec().asset_offers(t, view.assets[*i].asset)),
            _ => Vec::new(),
        };
        let indicator_orders = view
            .indicators
            .get(ind_sel)
            .and_then(|k| obs.indicator_offers.iter().find(|(i, _)| *i == k.indicator))
            .map_or_else(Vec::new, |(_, o)| offered(o.clone()));
        let draft = TeamOrder::Share(Share {
            to: to.map(|x| vec![x]).unwrap_or_default(),
            indicators: picked,
            tlp,
            text,
        });
        let checked = self.check(JSeat::Team(t), &Command::Order(draft.clone()));
        let share = (draft, checked);
        let events = obs.events;
        let resolved = self.last_resolved();
        // The last resolution's events, as the engine filtered them for this team.
        let results = {
            let table = self.table.borrow();
            table.last_report().map_or_else(Vec::new, |r| {
                r.events
                    .iter()
                    .chain(&r.opening)
                    .filter(|e| {
                        jointex_sim::observation::visible(table.exercise(), JSeat::Team(t), e)
                    })
                    .cloned()
                    .collect()
            })
        };
        let proposers = self.table.borrow().proposers(t).to_vec();
        TeamSnap {
            view,
            scenario: s,
            links,
            rows,
            asset_orders,
            indicator_orders,
            share,
            events,
            results,
            resolved,
            proposers,
            countdown: self.countdown(),
        }
    }

    fn fac_snapshot(&self) -> FacSnap {
        // Only what the new resolution produced is shown from the log; the observation
        // need not copy the whole of it.
        let since = self.rec().events().len();
        let jointex_sim::FacilitatorObservation {
            view,
            teams: views,
            evaluation,
            ..
        } = self.rec().observe_facilitator(since);
        let plans = views
            .iter()
            .map(|v| (v.plan.len(), v.points - v.points_left, v.points))
            .collect();
        let requests = views
            .iter()
            .map(|v| v.assistance_requests.clone())
            .collect();
        let resolved = self.last_resolved();
        let results = self.last_events();
        let (proposers, present) = {
            let table = self.table.borrow();
            let proposers = (0..self.scenario.teams.len())
                .map(|t| table.proposers(TeamId(t as u16)).to_vec())
                .collect();
            (proposers, table.present().to_vec())
        };
        FacSnap {
            view,
            evaluation,
            teams: views,
            plans,
            requests,
            results,
            resolved,
            proposers,
            present,
            countdown: self.countdown(),
        }
    }
}

/// The most characters a text field takes: a chat line, a share's note, an inject's text.
pub const MAX_TYPED: usize = 1000;

/// Above this many assets, sectors start collapsed.
pub const COLLAPSE_ABOVE: usize = 60;

/// Indices (in the inbox) of the messages another team sent: shares and requests, newest
/// first.
pub fn received_messages(view: &TeamView) -> Vec<usize> {
    view.inbox
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, m)| {
            matches!(
                m.origin,
                jointex_sim::Origin::Share { .. } | jointex_sim::Origin::AssistanceRequest(_)
            )
        })
        .map(|(i, _)| i)
        .collect()
}

fn set_collapsed(map: &mut MapUi, key: GroupKey, default: bool, collapsed: bool) {
    if collapsed == default {
        map.toggled.remove(&key);
    } else {
        map.toggled.insert(key);
    }
}

fn is_collapsed(map: &MapUi, key: GroupKey, default: bool) -> bool {
    default ^ map.toggled.contains(&key)
}

/// Whether an asset passes the map's status filter and text filter (`needle`, lower case).
fn map_admits(
    a: &AssetView,
    asset: &jointex_scenario::model::Asset,
    map: &MapUi,
    needle: &str,
) -> bool {
    map.status.admits(a)
        && (needle.is_empty()
            || asset.key.to_lowercase().contains(needle)
            || Lang::ALL
                .iter()
                .any(|l| asset.name.get(*l).to_lowercase().contains(needle)))
}

/// How many of the team's assets the map's filters let through.
pub fn map_matches(view: &TeamView, s: &Scenario, map: &MapUi) -> usize {
    let needle = map.filter.to_lowercase();
    view.assets
        .iter()
        .filter(|a| map_admits(a, s.asset(a.asset), map, &needle))
        .count()
}

/// The map's lines: assets grouped by sector, then zone, after the filters.
pub fn map_rows(view: &TeamView, s: &Scenario, map: &MapUi) -> Vec<MapRow> {
    let needle = map.filter.to_lowercase();
    let filtering = !needle.is_empty() || map.status != StatusFilter::All;
    let many = view.assets.len() > COLLAPSE_ABOVE;
    let mut groups: std::collections::BTreeMap<(Sector, Zone), Vec<usize>> = Default::default();
    for (i, a) in view.assets.iter().enumerate() {
        let asset = s.asset(a.asset);
        if !map_admits(a, asset, map, &needle) {
            continue;
        }
        groups
            .entry((asset.sector, asset.zone))
            .or_default()
            .push(i);
    }
    let mut rows = Vec::new();
    let mut sector_at = 0;
    let mut current: Option<Sector> = None;
    let mut sector_counts = Counts::default();
    let mut sector_hidden = false;
    for ((sector, zone), items) in &groups {
        if current != Some(*sector) {
            if let Some(prev) = current {
                rows[sector_at] = MapRow::Sector {
                    sector: prev,
                    counts: sector_counts,
                    collapsed: sector_hidden,
                };
            }
            current = Some(*sector);
            sector_counts = Counts::default();
            sector_hidden = !filtering && is_collapsed(map, (*sector, None), many);
            sector_at = rows.len();
            rows.push(MapRow::Asset(0));
        }
        let mut counts = Counts::default();
        for i in items {
            counts.add(&view.assets[*i]);
            sector_counts.add(&view.assets[*i]);
        }
        if sector_hidden {
            continue;
        }
        let collapsed = !filtering && is_collapsed(map, (*sector, Some(*zone)), false);
        rows.push(MapRow::Zone {
            sector: *sector,
            zone: *zone,
            counts,
            collapsed,
        });
        if !collapsed {
            rows.extend(items.iter().map(|i| MapRow::Asset(*i)));
        }
    }
    if let Some(prev) = current {
        rows[sector_at] = MapRow::Sector {
            sector: prev,
            counts: sector_counts,
            collapsed: sector_hidden,
        };
    }
    rows
}

fn scroll(pos: &mut usize, action: Action) {
    match action {
        Action::Up => *pos = pos.saturating_sub(1),
        Action::Down => *pos += 1,
        Action::PageUp => *pos = pos.saturating_sub(10),
        Action::PageDown => *pos += 10,
        Action::Home => *pos = 0,
        _ => {}
    }
}

fn move_sel(sel: &mut usize, n: usize, action: Action) {
    let last = n.saturating_sub(1);
    *sel = match action {
        Action::Up => sel.saturating_sub(1),
        Action::Down => (*sel + 1).min(last),
        Action::PageUp => sel.saturating_sub(10),
        Action::PageDown => (*sel + 10).min(last),
        Action::Home => 0,
        Action::End => last,
        _ => *sel,
    };
}
