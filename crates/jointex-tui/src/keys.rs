//! The key map: which key does what on which screen.
//!
//! Keys become [`Action`] values ([`map_key`]); only `App::update` acts on them. The help
//! overlay (`?`) is drawn from the same tables, so what it lists is always what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a key asks for. Which target it acts on is decided by `update` from the UI state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Move the selection up.
    Up,
    /// Move the selection down.
    Down,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// To the first item.
    Home,
    /// To the last item.
    End,
    /// Left: previous pane, collapse a group, previous value.
    Left,
    /// Right: next pane, expand a group, next value.
    Right,
    /// Enter: confirm, open, continue.
    Enter,
    /// Esc: close, cancel, leave the console.
    Back,
    /// Show the keys of this screen.
    Help,
    /// Quit (asks first).
    Quit,
    /// Switch the interface language.
    Lang,
    /// Next tab.
    NextTab,
    /// Previous tab.
    PrevTab,
    /// Go to tab n (0-based).
    Tab(u8),
    /// Submit the team's plan (asks first).
    Submit,
    /// Withdraw the selected order from the plan.
    Withdraw,
    /// Space: toggle the selected item or group.
    Toggle,
    /// Collapse or expand every group.
    Zoom,
    /// Type a filter.
    Filter,
    /// Cycle the status filter.
    CycleFilter,
    /// Hunt for the selected indicator.
    Hunt,
    /// Block the selected indicator.
    Block,
    /// Commit to a joint operation against the selected indicator's actor.
    Joint,
    /// Publish the selected indicator in a public advisory.
    Advisory,
    /// Ask the partner for assistance.
    RequestHelp,
    /// Write in the team's chat.
    Chat,
    /// Set the planning time of the turn (network play).
    Deadline,
    /// Lend responders to a team that asked.
    GiveHelp,
    /// Cycle the TLP marking of the share being written.
    CycleTlp,
    /// Cycle the recipients of the share being written.
    CycleRecipient,
    /// Edit the text of the share being written.
    EditText,
    /// Acknowledge the selected partner message.
    Ack,
    /// Resolve the turn (facilitator).
    Resolve,
    /// Pause or resume the exercise (facilitator).
    Pause,
    /// Hold the selected inject.
    Hold,
    /// Release the selected inject.
    Release,
    /// Fire the selected inject now.
    FireNow,
    /// Write an ad-hoc inject.
    AdHoc,
    /// Allow or refuse TLP violations.
    Violations,
    /// Yes, in a confirmation.
    Yes,
    /// No, in a confirmation.
    No,
    /// Scroll the detail pane (asset detail, message) up.
    DetailUp,
    /// Scroll the detail pane down.
    DetailDown,
    /// A character typed into a text field.
    Type(char),
    /// Delete the character before the cursor.
    Backspace,
    /// Clear the text field.
    ClearField,
    /// Next field of a form.
    NextField,
    /// Previous field of a form.
    PrevField,
}

/// A key as the tables name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// A printable character, with no Ctrl or Alt.
    Ch(char),
    /// A special key.
    Code(KeyCode),
    /// Ctrl and a letter.
    Ctrl(char),
}

impl Key {
    /// Whether a key event is this key.
    pub fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        match self {
            Key::Ch(c) => ev.code == KeyCode::Char(c) && !ctrl && !alt,
            Key::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            Key::Code(k) => ev.code == k && !ctrl,
        }
    }

    /// How the help overlay writes the key.
    pub fn label(self) -> String {
        match self {
            Key::Ch(' ') => "Space".into(),
            Key::Ch(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Code(k) => match k {
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift-Tab".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Delete => "Del".into(),
                KeyCode::Backspace => "Backspace".into(),
                other => format!("{other:?}"),
            },
        }
    }
}

/// One line of a key table: the keys, what they do, and the help text's message id.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// Keys that do it.
    pub keys: &'static [Key],
    /// What they do.
    pub action: Action,
    /// Fluent id of the help text.
    pub help: &'static str,
}

const fn b(keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding { keys, action, help }
}

use Key::{Ch, Code, Ctrl};

/// Where the keyboard is: each context has its own table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// The scenario picker.
    Picker,
    /// The briefing and seat chooser.
    Briefing,
    /// "Pass the keyboard to …".
    Handover,
    /// A turn's results.
    Results,
    /// The end-of-exercise summary.
    Summary,
    /// Team console, infrastructure map.
    Map,
    /// Team console, inbox.
    Inbox,
    /// Team console, orders.
    Orders,
    /// Team console, partner channel.
    Partner,
    /// Team console, timeline and metrics.
    Timeline,
    /// Facilitator, ground truth.
    Truth,
    /// Facilitator, adversary progress.
    Adversary,
    /// Facilitator, the MSEL.
    Msel,
    /// Facilitator, the teams.
    Teams,
    /// Facilitator, evaluation.
    Evaluation,
    /// The help overlay.
    Help,
    /// A yes/no question.
    Confirm,
    /// The order menu of an asset.
    OrderMenu,
    /// A one-line text prompt.
    Prompt,
    /// The ad-hoc inject form, on a choice field.
    FormChoice,
    /// The ad-hoc inject form, on a text field.
    FormText,
}

/// The first and last line of a list: the same keys in every list.
const ENDS: [Binding; 2] = [
    b(&[Code(KeyCode::Home), Ch('g')], Action::Home, "help-home"),
    b(&[Code(KeyCode::End), Ch('G')], Action::End, "help-end"),
];

/// Focus moves left or right: a direction, never a toggle.
const PANES: [Binding; 2] = [
    b(&[Code(KeyCode::Left)], Action::Left, "help-pane-left"),
    b(&[Code(KeyCode::Right)], Action::Right, "help-pane-right"),
];

const NAV: [Binding; 4] = [
    b(&[Code(KeyCode::Up), Ch('k')], Action::Up, "help-up"),
    b(&[Code(KeyCode::Down), Ch('j')], Action::Down, "help-down"),
    b(&[Code(KeyCode::PageUp)], Action::PageUp, "help-page-up"),
    b(
        &[Code(KeyCode::PageDown)],
        Action::PageDown,
        "help-page-down",
    ),
];

const PICKER: &[Binding] = &[
    NAV[0],
    NAV[1],
    b(
        &[Code(KeyCode::Enter)],
        Action::Enter,
        "help-choose-scenario",
    ),
];

const BRIEFING: &[Binding] = &[
    NAV[0],
    NAV[1],
    b(&[Code(KeyCode::Enter)], Action::Enter, "help-take-seat"),
    NAV[2],
    NAV[3],
];

const HANDOVER: &[Binding] = &[
    b(&[Code(KeyCode::Enter)], Action::Enter, "help-ready"),
    b(&[Code(KeyCode::Esc)], Action::Back, "help-back-chooser"),
];

const RESULTS: &[Binding] = &[
    NAV[0],
    NAV[1],
    NAV[2],
    NAV[3],
    b(
        &[Code(KeyCode::Enter), Code(KeyCode::Esc)],
        Action::Enter,
        "help-continue",
    ),
];

const SUMMARY: &[Binding] = &[
    NAV[0],
    NAV[1],
    b(&[Code(KeyCode::Esc)], Action::Back, "help-back-chooser"),
];

const MAP: &[Binding] = &[
    NAV[0],
    NAV[1],
    NAV[2],
    NAV[3],
    ENDS[0],
    ENDS[1],
    b(&[Code(KeyCode::Enter)], Action::Enter, "help-map-enter"),
    b(&[Ch(' ')], Action::Toggle, "help-map-toggle"),
    b(&[Code(KeyCode::Left)], Action::Left, "help-map-collapse"),
    b(&[Code(KeyCode::Right)], Action::Right, "help-map-expand"),
    b(&[Ch('z')], Action::Zoom, "help-map-zoom"),
    b(&[Ch('/')], Action::Filter, "help-map-filter"),
    b(&[Ch('f')], Action::CycleFilter, "help-map-status"),
    b(&[Ch('[')], Action::DetailUp, "help-detail-up"),
    b(&[Ch(']')], Action::DetailDown, "help-detail-down"),
];

const INBOX: &[Binding] = &[
    NAV[0],
    NAV[1],
    ENDS[0],
    ENDS[1],
    b(
        &[Code(KeyCode::PageUp), Ch('[')],
        Action::DetailUp,
        "help-message-up",
    ),
    b(
        &[Code(KeyCode::PageDown), Ch(']')],
        Action::DetailDown,
        "help-message-down",
    ),
    b(&[Ch('a')], Action::Ack, "help-ack"),
];

const ORDERS: &[Binding] = &[
    NAV[0],
    NAV[1],
    ENDS[0],
    ENDS[1],
    PANES[0],
    PANES[1],
    b(
        &[Ch('d'), Code(KeyCode::Delete)],
        Action::Withdraw,
        "help-withdraw",
    ),
    b(&[Ch('h')], Action::Hunt, "help-hunt"),
    b(&[Ch('b')], Action::Block, "help-block"),
    b(&[Ch('a')], Action::Advisory, "help-advisory"),
    b(&[Ch('o')], Action::Joint, "help-joint"),
    b(&[Ch('r')], Action::RequestHelp, "help-request"),
    b(&[Ch('p')], Action::GiveHelp, "help-give"),
];

const PARTNER: &[Binding] = &[
    NAV[0],
    NAV[1],
    ENDS[0],
    ENDS[1],
    PANES[0],
    PANES[1],
    b(&[Ch(' ')], Action::Toggle, "help-pick"),
    b(&[Ch('t')], Action::CycleTlp, "help-tlp"),
    b(&[Ch('r')], Action::CycleRecipient, "help-recipient"),
    b(&[Ch('e')], Action::EditText, "help-edit-text"),
    b(&[Code(KeyCode::Enter)], Action::Enter, "help-send"),
    b(&[Ch('a')], Action::Ack, "help-ack"),
];

const TIMELINE: &[Binding] = &[NAV[0], NAV[1], NAV[2], NAV[3], ENDS[0], ENDS[1]];

const TEAM_COMMON: &[Binding] = &[
    b(&[Code(KeyCode::Tab)], Action::NextTab, "help-next-tab"),
    b(&[Code(KeyCode::BackTab)], Action::PrevTab, "help-prev-tab"),
    b(&[Ch('1')], Action::Tab(0), "help-tab-map"),
    b(&[Ch('2')], Action::Tab(1), "help-tab-inbox"),
    b(&[Ch('3')], Action::Tab(2), "help-tab-orders"),
    b(&[Ch('4')], Action::Tab(3), "help-tab-partner"),
    b(&[Ch('5')], Action::Tab(4), "help-tab-timeline"),
    b(&[Ch('s')], Action::Submit, "help-submit"),
    b(&[Ch('c')], Action::Chat, "help-chat"),
    b(&[Code(KeyCode::Esc)], Action::Back, "help-hand-over"),
];

const TRUTH: &[Binding] = &[NAV[0], NAV[1], NAV[2], NAV[3], ENDS[0], ENDS[1]];
const ADVERSARY: &[Binding] = &[NAV[0], NAV[1], ENDS[0], ENDS[1]];
const MSEL: &[Binding] = &[
    NAV[0],
    NAV[1],
    NAV[2],
    NAV[3],
    ENDS[0],
    ENDS[1],
    b(&[Ch('h')], Action::Hold, "help-hold"),
    b(&[Ch('r')], Action::Release, "help-release"),
    b(&[Ch('f')], Action::FireNow, "help-fire"),
    b(&[Ch('a')], Action::AdHoc, "help-adhoc"),
    b(&[Ch('[')], Action::DetailUp, "help-detail-up"),
    b(&[Ch(']')], Action::DetailDown, "help-detail-down"),
];
const TEAMS: &[Binding] = &[b(&[Ch('v')], Action::Violations, "help-violations")];
const EVALUATION: &[Binding] = &[
    NAV[0],
    NAV[1],
    ENDS[0],
    ENDS[1],
    b(&[Ch('[')], Action::DetailUp, "help-metrics-up"),
    b(&[Ch(']')], Action::DetailDown, "help-metrics-down"),
];

const FAC_COMMON: &[Binding] = &[
    b(&[Code(KeyCode::Tab)], Action::NextTab, "help-next-tab"),
    b(&[Code(KeyCode::BackTab)], Action::PrevTab, "help-prev-tab"),
    b(&[Ch('1')], Action::Tab(0), "help-tab-truth"),
    b(&[Ch('2')], Action::Tab(1), "help-tab-adversary"),
    b(&[Ch('3')], Action::Tab(2), "help-tab-msel"),
    b(&[Ch('4')], Action::Tab(3), "help-tab-teams"),
    b(&[Ch('5')], Action::Tab(4), "help-tab-evaluation"),
    b(&[Ch('R')], Action::Resolve, "help-resolve"),
    b(&[Ch('P')], Action::Pause, "help-pause"),
    b(&[Ch('D')], Action::Deadline, "help-deadline"),
    b(&[Code(KeyCode::Esc)], Action::Back, "help-back-chooser"),
];

const GLOBAL: &[Binding] = &[
    b(&[Ch('?')], Action::Help, "help-help"),
    b(&[Ch('L')], Action::Lang, "help-lang"),
    b(&[Ch('q'), Ctrl('c')], Action::Quit, "help-quit"),
];

const HELP: &[Binding] = &[b(
    &[Code(KeyCode::Esc), Ch('?'), Code(KeyCode::Enter), Ch('q')],
    Action::Back,
    "help-close",
)];

const CONFIRM: &[Binding] = &[
    b(
        &[Ch('y'), Ch('Y'), Code(KeyCode::Enter)],
        Action::Yes,
        "help-yes",
    ),
    b(
        &[Ch('n'), Ch('N'), Code(KeyCode::Esc)],
        Action::No,
        "help-no",
    ),
];

const ORDER_MENU: &[Binding] = &[
    NAV[0],
    NAV[1],
    b(&[Code(KeyCode::Enter)], Action::Enter, "help-add-order"),
    b(&[Code(KeyCode::Esc)], Action::Back, "help-close"),
];

const PROMPT: &[Binding] = &[
    b(&[Code(KeyCode::Enter)], Action::Enter, "help-accept"),
    b(&[Code(KeyCode::Esc)], Action::Back, "help-cancel"),
    b(
        &[Code(KeyCode::Backspace)],
        Action::Backspace,
        "help-backspace",
    ),
    b(&[Ctrl('u')], Action::ClearField, "help-clear-field"),
];

const FORM_COMMON: &[Binding] = &[
    b(
        &[Code(KeyCode::Tab), Code(KeyCode::Down)],
        Action::NextField,
        "help-next-field",
    ),
    b(
        &[Code(KeyCode::BackTab), Code(KeyCode::Up)],
        Action::PrevField,
        "help-prev-field",
    ),
    b(&[Code(KeyCode::Enter)], Action::Enter, "help-send-inject"),
    b(&[Code(KeyCode::Esc)], Action::Back, "help-cancel"),
];

const FORM_CHOICE: &[Binding] = &[
    b(&[Code(KeyCode::Left)], Action::Left, "help-prev-value"),
    b(
        &[Code(KeyCode::Right), Ch(' ')],
        Action::Right,
        "help-next-value",
    ),
];

const FORM_TEXT: &[Binding] = &[
    b(
        &[Code(KeyCode::Backspace)],
        Action::Backspace,
        "help-backspace",
    ),
    b(&[Ctrl('u')], Action::ClearField, "help-clear-field"),
];

/// The tables that apply in a context, most specific first. The help overlay shows them in
/// this order under these headings (Fluent ids).
pub fn tables(ctx: Context) -> Vec<(&'static str, &'static [Binding])> {
    use Context as C;
    let screen: &'static [Binding] = match ctx {
        C::Picker => PICKER,
        C::Briefing => BRIEFING,
        C::Handover => HANDOVER,
        C::Results => RESULTS,
        C::Summary => SUMMARY,
        C::Map => MAP,
        C::Inbox => INBOX,
        C::Orders => ORDERS,
        C::Partner => PARTNER,
        C::Timeline => TIMELINE,
        C::Truth => TRUTH,
        C::Adversary => ADVERSARY,
        C::Msel => MSEL,
        C::Teams => TEAMS,
        C::Evaluation => EVALUATION,
        C::Help => HELP,
        C::Confirm => CONFIRM,
        C::OrderMenu => ORDER_MENU,
        C::Prompt => PROMPT,
        C::FormChoice => FORM_CHOICE,
        C::FormText => FORM_TEXT,
    };
    let mut out = vec![("help-this-screen", screen)];
    match ctx {
        C::Map | C::Inbox | C::Orders | C::Partner | C::Timeline => {
            out.push(("help-console", TEAM_COMMON));
        }
        C::Truth | C::Adversary | C::Msel | C::Teams | C::Evaluation => {
            out.push(("help-console", FAC_COMMON));
        }
        C::FormChoice | C::FormText => out.push(("help-form", FORM_COMMON)),
        _ => {}
    }
    if !matches!(
        ctx,
        C::Help | C::Confirm | C::OrderMenu | C::Prompt | C::FormChoice | C::FormText
    ) {
        out.push(("help-everywhere", GLOBAL));
    }
    out
}

/// What a key press does in a context, if anything.
pub fn map_key(key: &KeyEvent, ctx: Context) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    // Ctrl-C always reaches the quit question, even from a text field.
    if Key::Ctrl('c').matches(key) {
        return Some(Action::Quit);
    }
    for (_, table) in tables(ctx) {
        for binding in table {
            if binding.keys.iter().any(|k| k.matches(key)) {
                // One binding serves both arrows in a two-pane screen.
                if binding.action == Action::Right && key.code == KeyCode::Left {
                    return Some(Action::Left);
                }
                return Some(binding.action);
            }
        }
    }
    let typing = matches!(ctx, Context::Prompt | Context::FormText);
    match key.code {
        KeyCode::Char(c)
            if typing
                && !key.modifiers.contains(KeyModifiers::CONTROL)
                && !key.modifiers.contains(KeyModifiers::ALT) =>
        {
            Some(Action::Type(c))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_goes_to_the_field() {
        assert_eq!(
            map_key(&press(KeyCode::Char('q')), Context::Prompt),
            Some(Action::Type('q'))
        );
        assert_eq!(
            map_key(&press(KeyCode::Char('한')), Context::FormText),
            Some(Action::Type('한'))
        );
        assert_eq!(
            map_key(&press(KeyCode::Char('q')), Context::Map),
            Some(Action::Quit)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map_key(&ctrl_c, Context::Prompt), Some(Action::Quit));
    }

    #[test]
    fn arrows_switch_panes_both_ways() {
        assert_eq!(
            map_key(&press(KeyCode::Left), Context::Orders),
            Some(Action::Left)
        );
        assert_eq!(
            map_key(&press(KeyCode::Right), Context::Orders),
            Some(Action::Right)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        use Context as C;
        for ctx in [
            C::Picker,
            C::Briefing,
            C::Handover,
            C::Results,
            C::Summary,
            C::Map,
            C::Inbox,
            C::Orders,
            C::Partner,
            C::Timeline,
            C::Truth,
            C::Adversary,
            C::Msel,
            C::Teams,
            C::Evaluation,
            C::Help,
            C::Confirm,
            C::OrderMenu,
            C::Prompt,
            C::FormChoice,
            C::FormText,
        ] {
            let mut seen: Vec<Key> = Vec::new();
            for (_, t) in tables(ctx) {
                for b in t {
                    for k in b.keys {
                        assert!(!seen.contains(k), "{k:?} bound twice in {ctx:?}");
                        seen.push(*k);
                    }
                }
            }
        }
    }
}
