#include "daemon/enforcement_tracker.hpp"

#include "daemon/json.hpp"
#include "engine/enforcement_book.hpp"
#include "protocol/feed.hpp"

namespace risk::daemon {

namespace {

std::int64_t us_between(Timestamp a, Timestamp b) {
  return std::chrono::duration_cast<std::chrono::microseconds>(b - a).count();
}

std::string describe(const Action& a) {
  std::string s = std::string(to_string(a.kind)) + " contract=" + a.contract_id.str();
  if (a.order_id != 0) s += " order=" + std::to_string(a.order_id);
  if (a.kind == ActionKind::ReducePosition) s += " size=" + std::to_string(a.size);
  return s;
}

}  // namespace

EnforcementTracker::EnforcementTracker(const Clock& clock, const Logs& logs, Ports ports, bool dry_run)
    : clock_(clock), logs_(logs), ports_(std::move(ports)), dry_run_(dry_run) {}

void EnforcementTracker::on_plan(const EnforcementPlan& plan) {
  Plan p;
  p.json = plan_json(plan, plan.id);
  std::string reasons;
  for (const auto& b : plan.breaches) {
    if (!reasons.empty()) reasons += "; ";
    reasons += std::string(rule_code(b.rule)) + ": " + b.reason;
  }
  p.entry.id = plan.id;
  p.entry.account_id = plan.account_id;
  p.entry.at = plan.trigger_at;
  p.entry.rule = plan.breaches.empty() ? RuleId::None : plan.breaches.front().rule;
  p.entry.kind = dry_run_ ? "enforcement (dry run)" : "enforcement";
  p.entry.reason = reasons;
  p.entry.details_json = p.json.dump();
  p.remaining = plan.actions.size();
  logs_.enforcement->warn("BREACH account={} plan={} {}", plan.account_id, plan.id, reasons);
  for (const auto& a : plan.actions) {
    logs_.enforcement->warn("ACTION account={} plan={} {}", plan.account_id, plan.id, describe(a));
  }
  // The critical record first (committed within a millisecond or two), then the requests.
  ports_.record(p.entry);
  nlohmann::json data = p.json;
  data["status"] = "decided";
  ports_.broadcast(plan.account_id, message(protocol::feed::kEnforcementAction, plan.account_id, clock_.now(), data));
  if (plan.actions.empty()) {
    // A lockout with nothing to close: the record is complete.
    p.entry.success = true;
    ports_.record(p.entry);
    return;
  }
  plans_[plan.id] = std::move(p);
  for (std::uint32_t i = 0; i < plan.actions.size(); ++i) {
    ports_.submit(ActionRef{plan.id, i}, plan.actions[i], plan.trigger_at);
  }
}

ActionOutcome EnforcementTracker::on_result(const ExecResult& r) {
  ActionOutcome out;
  out.ref = r.ref;
  out.note = r.note;
  if (!r.done) {
    logs_.enforcement->critical("FAILED account={} plan={} {}: {}", r.action.account_id, r.ref.plan_id,
                                describe(r.action), r.note);
    out.result = ActionOutcome::Result::Failed;
    out.reason = r.reason;
    out.retry_after = r.last.retry_after;
    return out;
  }
  if (auto it = plans_.find(r.ref.plan_id);
      it != plans_.end() && (!it->second.first_request || r.sent_at < *it->second.first_request)) {
    it->second.first_request = r.sent_at;
  }
  logs_.enforcement->info("SENT account={} plan={} {} request_us={}{}", r.action.account_id, r.ref.plan_id,
                          describe(r.action), us_between(r.trigger_at, r.sent_at),
                          r.note.empty() ? "" : " (" + r.note + ")");
  out.result = r.dry_run ? ActionOutcome::Result::DryRun : ActionOutcome::Result::Accepted;
  return out;
}

void EnforcementTracker::on_settled(const ActionSettled& s) {
  const Action& a = s.action;
  switch (s.outcome) {
    case ActionSettled::Outcome::Confirmed: {
      auto it = plans_.find(s.ref.plan_id);
      const Timestamp trigger = it != plans_.end() ? it->second.entry.at : s.confirmed_at.value_or(clock_.now());
      logs_.enforcement->info("CONFIRMED account={} plan={} {} confirm_us={}", a.account_id, s.ref.plan_id, describe(a),
                              us_between(trigger, s.confirmed_at.value_or(clock_.now())));
      break;
    }
    case ActionSettled::Outcome::Unconfirmed:
      logs_.enforcement->critical("UNCONFIRMED account={} plan={} {}: no confirming event in {} s; reconciling",
                                  a.account_id, s.ref.plan_id, describe(a),
                                  std::chrono::duration_cast<seconds>(kConfirmWithin).count());
      break;
    case ActionSettled::Outcome::Failed:  // logged when the executor reported it
    case ActionSettled::Outcome::DryRun:
      break;
  }
  auto it = plans_.find(s.ref.plan_id);
  if (it == plans_.end()) return;
  Plan& p = it->second;
  const bool ok = s.outcome == ActionSettled::Outcome::Confirmed || s.outcome == ActionSettled::Outcome::DryRun;
  auto& actions = p.json["actions"];
  if (s.ref.index < actions.size()) {
    actions[s.ref.index]["result"] = s.outcome == ActionSettled::Outcome::DryRun ? std::string("dry run") : s.note;
    actions[s.ref.index]["ok"] = ok;
  }
  p.failed = p.failed || !ok;
  if (s.confirmed_at && (!p.last_confirm || *s.confirmed_at > *p.last_confirm)) p.last_confirm = s.confirmed_at;
  if (--p.remaining > 0) return;
  finish(p);
  plans_.erase(it);
}

void EnforcementTracker::finish(Plan& p) {
  p.entry.success = !p.failed;
  if (p.first_request) p.entry.trigger_to_request_us = us_between(p.entry.at, *p.first_request);
  if (p.last_confirm) p.entry.trigger_to_confirm_us = us_between(p.entry.at, *p.last_confirm);
  p.entry.details_json = p.json.dump();
  ports_.record(p.entry);
  nlohmann::json data = p.json;
  data["status"] = p.failed ? "failed" : (dry_run_ ? "dry_run" : "confirmed");
  data["request_us"] = p.entry.trigger_to_request_us ? nlohmann::json(*p.entry.trigger_to_request_us) : nullptr;
  data["confirm_us"] = p.entry.trigger_to_confirm_us ? nlohmann::json(*p.entry.trigger_to_confirm_us) : nullptr;
  ports_.broadcast(p.entry.account_id,
                   message(protocol::feed::kEnforcementAction, p.entry.account_id, clock_.now(), data));
}

}  // namespace risk::daemon
