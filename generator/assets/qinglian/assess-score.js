/* 清廉标准库 · 自评计分: the rules of qinglian.assessment.scoring (the Python reference), in JavaScript.
 *
 * Every amount is a whole number of cents (hundredths), so sums are exact: 0.1 + 0.2 is 30 cents,
 * never 0.30000000000000004. Entries are read from text digit by digit and rounded half up to the
 * cent, like Decimal's ROUND_HALF_UP. Exposes window.qinglianScore = {evaluate, cents, text}.
 *
 * evaluate(data, answers): data is the form's JSON (Form.as_json), answers the answer sheet's
 * {scores, deductions, bonus, veto}. For a row or item with points P: a direct score, when entered
 * (not for rows with items), is clamped to [0, P]; else the start (the items' sum; P when there
 * are deduction rules; else 0) less each rule's deduction: points × whole count, an amount clamped
 * into its range (nothing when ≤ 0), or P when its 本项不得分 box is ticked; never below 0.
 */
(function (global) {
  "use strict";

  var VETOED = "不予命名";
  var NO_LEVEL = "未达到等次";
  var NUMBER = /^([+-]?)([0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE]([+-]?[0-9]+))?$/;
  var HUGE = 18;  /* digits before the cent point beyond which a value is "more than anything" */

  /* An entry (number or text) as whole cents, rounded half up; null when blank or not a number. */
  function cents(value) {
    if (typeof value === "number") {
      if (!isFinite(value)) return null;
      value = String(value);
    } else if (typeof value !== "string") {
      return null;
    }
    var match = NUMBER.exec(value.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, ""));
    if (!match) return null;
    var body = match[2], dot = body.indexOf(".");
    var digits = body.replace(".", ""), point = dot < 0 ? body.length : dot;
    var lead = digits.search(/[1-9]/);
    if (lead < 0) return 0;
    digits = digits.slice(lead);
    point -= lead;
    var exponent = match[3] ? parseInt(match[3], 10) : 0;
    var whole = point + exponent + 2;  /* digits of `digits` that make whole cents */
    var amount;
    if (whole > HUGE) {
      amount = Infinity;
    } else if (whole <= 0) {
      amount = whole === 0 && digits.charAt(0) >= "5" ? 1 : 0;
    } else {
      var kept = digits.slice(0, whole);
      while (kept.length < whole) kept += "0";
      amount = parseInt(kept, 10) + (digits.charAt(whole) >= "5" ? 1 : 0);
    }
    return match[1] === "-" && amount !== 0 ? -amount : amount;
  }

  /* Cents as the reference prints a Decimal: 8280 -> "82.8", 9500 -> "95", 5 -> "0.05". */
  function text(amount) {
    var sign = amount < 0 ? "-" : "", size = Math.abs(amount);
    var whole = Math.floor(size / 100), rest = size % 100;
    if (!rest) return sign + whole;
    return sign + whole + "." + (rest < 10 ? "0" + rest : String(rest)).replace(/0$/, "");
  }

  function clamp(value, high, low) {
    return value === null ? 0 : Math.min(Math.max(value, low || 0), high);
  }

  function rulesInCents(rules) {
    return (rules || []).map(function (rule) {
      if (rule.all) return { all: true };
      if (rule.range) return { range: [cents(rule.range[0]), cents(rule.range[1])] };
      return { points: cents(rule.points) };
    });
  }

  function deduction(rule, points, entry) {
    if (rule.all) return entry === true ? points : 0;
    var amount = cents(entry);
    if (amount === null || amount <= 0) return 0;
    if (rule.points !== undefined) return rule.points * Math.floor(amount / 100);
    return clamp(amount, rule.range[1], rule.range[0]);
  }

  /* The score of one row or item; `parts` is the sum of its items' scores (null without items). */
  function record(points, rules, answers, id, parts) {
    var direct = parts === null ? cents((answers.scores || {})[id]) : null;
    if (direct !== null) return clamp(direct, points);
    var entries = (answers.deductions || {})[id] || [];
    var taken = 0;
    rules.forEach(function (rule, index) { taken += deduction(rule, points, entries[index]); });
    var start = parts !== null ? parts : rules.length ? points : 0;
    return Math.max(0, start - taken);
  }

  function level(data, total, veto) {
    var barred = {}, bars = data.vetoBars || {};
    data.veto.forEach(function (id) {
      if (veto[id] !== true) return;
      (bars[id] || data.levels.map(function (l) { return l.name; })).forEach(function (name) { barred[name] = true; });
    });
    var open = data.levels.filter(function (l) { return !barred[l.name]; });
    if (!open.length) return { level: VETOED, named: false };
    for (var i = 0; i < open.length; i++) {
      if (cents(open[i].min) <= total) return { level: open[i].name, named: open[i].pass !== false };
    }
    return { level: NO_LEVEL, named: false };
  }

  /* The result in cents: {records, dimensions, base, bonus, total, level, named}. */
  function evaluate(data, answers) {
    answers = answers || {};
    var records = {}, dimensions = {}, base = 0, bonus = 0;
    data.dimensions.forEach(function (d) {
      var sum = 0;
      d.indicators.forEach(function (row) {
        var parts = null;
        if (row.items) {
          parts = 0;
          row.items.forEach(function (item) {
            records[item.id] = record(cents(item.points), rulesInCents(item.deductions), answers, item.id, null);
            parts += records[item.id];
          });
        }
        records[row.id] = record(cents(row.points), rulesInCents(row.deductions), answers, row.id, parts);
        sum += records[row.id];
      });
      dimensions[d.id] = sum;
      base += sum;
    });
    data.bonus.forEach(function (item) {
      bonus += clamp(cents((answers.bonus || {})[item.id]), cents(item.points));
    });
    bonus = Math.min(bonus, cents(data.bonusLimit));
    var total = base + bonus, reached = level(data, total, answers.veto || {});
    return { records: records, dimensions: dimensions, base: base, bonus: bonus, total: total,
             level: reached.level, named: reached.named };
  }

  global.qinglianScore = { evaluate: evaluate, cents: cents, text: text, VETOED: VETOED, NO_LEVEL: NO_LEVEL };
})(window);
