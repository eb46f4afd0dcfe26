#!/usr/bin/env bash
# End-to-end test of `jointex play`: runs the real binary in a detached tmux session of
# 120x40, picks the default scenario in the scenario picker, plays it to the end as the
# facilitator and both teams (hot-seat) with send-keys, and asserts what is on the screen
# with capture-pane.
#
#   tests/e2e/play.sh [en|ko]          JOINTEX_BIN=path/to/jointex (default target/debug/jointex)
#
# Exits non-zero, printing the captured screen, at the first thing that is not as expected.
set -euo pipefail
cd "$(dirname "$0")/../.."

LANG_ARG=${1:-en}
BIN=${JOINTEX_BIN:-target/debug/jointex}
SESSION="jointex-e2e-$LANG_ARG-$$"
WORK=$(mktemp -d)
LOG="$WORK/play.log"
export LANG=C.UTF-8 LC_ALL=C.UTF-8

cleanup() {
  tmux kill-session -t "$SESSION" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 2; }
[ -x "$BIN" ] || { echo "no jointex binary at $BIN (cargo build first)" >&2; exit 2; }

case "$LANG_ARG" in
  en)
    PICKER="Choose a scenario"
    CHOOSER="Who is at the keyboard?"
    TITLE="Pacific Bridge 2026: Joint CERT Exercise"
    HANDOVER_US="Pass the keyboard to CISA."
    HANDOVER_KR="Pass the keyboard to KISA KrCERT/CC."
    US_CONSOLE="CISA · United States"
    KR_CONSOLE="KISA KrCERT/CC · Republic of Korea"
    FAC_CONSOLE="Facilitator (EXCON)"
    READY="ready to resolve"
    SUBMIT_Q="Submit the plan?"
    SUBMITTED="submitted its plan"
    PLANNED="Added to the plan"
    turn_word() { echo "Turn $1/12"; }
    results_of() { echo "Results of turn $1"; }
    OVER="The exercise is over after 12 turns."
    QUIT_Q="Quit jointex?"
    ;;
  ko)
    PICKER="시나리오 선택"
    CHOOSER="지금 누가 키보드 앞에 있습니까?"
    TITLE="퍼시픽 브리지 2026: 한미 CERT 합동 훈련"
    HANDOVER_US="키보드를 미국 사이버보안·인프라보안청(CISA)에 넘겨 주세요."
    HANDOVER_KR="키보드를 한국인터넷진흥원 인터넷침해대응센터(KrCERT/CC)에 넘겨 주세요."
    US_CONSOLE="미국 사이버보안·인프라보안청(CISA) · 미국"
    KR_CONSOLE="한국인터넷진흥원 인터넷침해대응센터(KrCERT/CC) · 대한민국"
    FAC_CONSOLE="훈련 통제관(EXCON)"
    READY="판정 가능"
    SUBMIT_Q="계획을 제출할까요?"
    SUBMITTED="계획을 제출했습니다"
    PLANNED="계획에 추가"
    turn_word() { echo "턴 $1/12"; }
    results_of() { echo "턴 $1 판정 결과"; }
    OVER="12턴으로 훈련이 종료되었습니다."
    QUIT_Q="jointex를 종료할까요?"
    ;;
  *) echo "usage: $0 [en|ko]" >&2; exit 2 ;;
esac

screen() { tmux capture-pane -p -t "$SESSION"; }

fail() {
  echo "FAIL ($LANG_ARG): $*" >&2
  echo "---- screen ----" >&2
  screen >&2 || true
  echo "----------------" >&2
  exit 1
}

# Waits until the screen shows a fixed string.
wait_for() {
  local want=$1 tries=${2:-400}
  for _ in $(seq "$tries"); do
    if screen | grep -qF -- "$want"; then return 0; fi
    sleep 0.05
  done
  fail "waited for: $want"
}

refute() {
  if screen | grep -qF -- "$1"; then fail "should not be on screen: $1"; fi
}

keys() { tmux send-keys -t "$SESSION" "$@"; }
text() { tmux send-keys -t "$SESSION" -l "$1"; }

tmux -u new-session -d -s "$SESSION" -x 120 -y 40 \
  "$BIN play --lang $LANG_ARG --log $LOG --record $WORK/exercise.jointex; echo jointex-exit=\$?; sleep 60"

# With no scenario, the picker comes first, the default scenario selected.
wait_for "$PICKER"
wait_for "▶ $TITLE"
keys Enter
wait_for "$CHOOSER"
wait_for "$TITLE"

# The first team, its handover, and nothing but the handover on screen.
hand_over() {
  local who=$1
  keys Enter
  wait_for "$who"
  local lines
  lines=$(screen | grep -c '[^[:space:]]' || true)
  [ "$lines" -eq 2 ] || fail "the handover screen shows more than its two lines"
  keys Enter
}

# A team's turn from the chooser with that team selected.
team_turn() {
  local turn=$1 handover=$2 console=$3
  hand_over "$handover"
  if [ "$turn" -gt 1 ]; then
    wait_for "$(results_of $((turn - 1)))"
    keys Enter
  fi
  wait_for "$console"
  wait_for "$(turn_word "$turn")"
  if [ "$turn" -le 2 ]; then
    # Investigate the VPN gateway: filter the map (the prompt opens with the last filter;
    # Ctrl-U clears it), select the asset, open its orders, add.
    keys /
    keys C-u
    text vpn
    keys Enter Home Down Down Enter
    keys Enter
    wait_for "$PLANNED"
  fi
  keys s
  wait_for "$SUBMIT_Q"
  keys y
  wait_for "$SUBMITTED"
  wait_for "$CHOOSER"
}

for turn in $(seq 1 12); do
  if [ "$turn" -eq 1 ]; then keys Down; fi
  team_turn "$turn" "$HANDOVER_US" "$US_CONSOLE"
  # Hot-seat privacy: after CISA's turn, KrCERT's handover shows nothing of it.
  team_turn "$turn" "$HANDOVER_KR" "$KR_CONSOLE"
  refute "us-power-vpn"
  keys Enter
  wait_for "$FAC_CONSOLE"
  wait_for "$READY"
  keys R
  wait_for "$(results_of "$turn")"
  keys Enter
done

wait_for "$OVER"
keys q
wait_for "$QUIT_Q"
keys y
wait_for "jointex-exit=0"
refute "$OVER"
grep -q "exercise over" "$LOG" || fail "the log does not record the end of the exercise"
# The whole exercise played at the keyboard is in its record, and replays turn for turn.
"$BIN" replay "$WORK/exercise.jointex" > "$WORK/replay.txt" 2>&1 \
  || { cat "$WORK/replay.txt" >&2; fail "the record of the played exercise does not replay"; }
grep -q "turn 12: .* matches" "$WORK/replay.txt" || { cat "$WORK/replay.txt" >&2; fail "the replay did not reach turn 12"; }
"$BIN" report "$WORK/exercise.jointex" --format html --out "$WORK/aar.html" >/dev/null 2>&1 \
  || fail "no after-action report from the record"
echo "ok: played the default scenario to the end in $LANG_ARG, recorded, replayed, reported"
