/* 清廉标准库 · 在线自评. Plain script, no dependencies, works offline.
 *
 * Runs on pages holding a [data-ql-assess] form (generated from the unit standard) and does
 * nothing elsewhere. Answers are kept in this browser's localStorage under the key given in the
 * page's data (standard id + edition); nothing is sent anywhere. Scoring rules, the same as the
 * Excel workbook's formulas: a score is clamped to [0, points], blank counts as 0; total = sum of
 * scores + min(sum of bonus, bonusLimit); any veto answered 是 -> 不予命名; otherwise the first
 * level (highest first) whose min <= total, else 未达到等次.
 */
(function () {
  "use strict";

  var FORMAT = "qinglian-assess";
  var VETOED = "不予命名";
  var NO_LEVEL = "未达到等次";

  function round(value) {
    return Math.round(value * 100) / 100;
  }

  function clamp(text, points) {
    var value = parseFloat(text);
    if (text === "" || text === null || text === undefined || isNaN(value)) return null;
    return Math.min(Math.max(value, 0), points);
  }

  function emptyAnswers(data) {
    return { format: FORMAT, version: 1, standard: data.id, edition: data.edition,
             scores: {}, bonus: {}, notes: {}, veto: {} };
  }

  function Assessment(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector("script.ql-assess-data").textContent);
    this.points = {};
    var self = this;
    this.data.dimensions.forEach(function (d) {
      d.indicators.forEach(function (i) { self.points[i.id] = i.points; });
    });
    this.data.bonus.forEach(function (b) { self.points[b.id] = b.points; });
    this.answers = this.load();
  }

  Assessment.prototype.$$ = function (selector) {
    return Array.prototype.slice.call(this.root.querySelectorAll(selector));
  };

  Assessment.prototype.status = function (message) {
    this.root.querySelector(".ql-status").textContent = message;
  };

  Assessment.prototype.load = function () {
    try {
      var stored = JSON.parse(window.localStorage.getItem(this.data.storageKey) || "null");
      if (stored && stored.format === FORMAT) return stored;
    } catch (error) { /* unreadable or blocked storage: start empty */ }
    return emptyAnswers(this.data);
  };

  Assessment.prototype.save = function () {
    try {
      window.localStorage.setItem(this.data.storageKey, JSON.stringify(this.answers));
    } catch (error) {
      this.status("浏览器不允许在本机保存，关闭页面前请先“导出答卷”。");
    }
  };

  /* Answers -> form fields. */
  Assessment.prototype.fill = function () {
    var a = this.answers;
    this.$$("input.ql-score").forEach(function (el) { el.value = a.scores[el.dataset.id] == null ? "" : a.scores[el.dataset.id]; });
    this.$$("input.ql-bonus").forEach(function (el) { el.value = a.bonus[el.dataset.id] == null ? "" : a.bonus[el.dataset.id]; });
    this.$$("textarea.ql-note").forEach(function (el) { el.value = a.notes[el.dataset.id] || ""; grow(el); });
    this.$$("input.ql-veto").forEach(function (el) { el.checked = (a.veto[el.dataset.id] === true) === (el.value === "yes"); });
  };

  /* Form fields -> answers; `final` also rewrites out-of-range numbers in place. */
  Assessment.prototype.read = function (final) {
    var a = emptyAnswers(this.data), points = this.points;
    function number(bucket) {
      return function (el) {
        var value = clamp(el.value, points[el.dataset.id]);
        if (value !== null) bucket[el.dataset.id] = value;
        if (final && value !== null && String(value) !== el.value) el.value = value;
      };
    }
    this.$$("input.ql-score").forEach(number(a.scores));
    this.$$("input.ql-bonus").forEach(number(a.bonus));
    this.$$("textarea.ql-note").forEach(function (el) { if (el.value) a.notes[el.dataset.id] = el.value; });
    this.$$("input.ql-veto").forEach(function (el) { if (el.checked) a.veto[el.dataset.id] = el.value === "yes"; });
    this.answers = a;
  };

  Assessment.prototype.result = function () {
    var a = this.answers, data = this.data, dimensions = {}, base = 0, bonus = 0, answered = 0;
    data.dimensions.forEach(function (d) {
      var sum = 0;
      d.indicators.forEach(function (i) {
        if (a.scores[i.id] != null) { sum += a.scores[i.id]; answered += 1; }
      });
      dimensions[d.id] = round(sum);
      base += sum;
    });
    data.bonus.forEach(function (b) { bonus += a.bonus[b.id] || 0; });
    bonus = round(Math.min(bonus, data.bonusLimit));
    var total = round(base + bonus), level = NO_LEVEL;
    var vetoed = data.veto.some(function (id) { return a.veto[id] === true; });
    for (var i = 0; i < data.levels.length; i++) {
      if (total >= data.levels[i].min) { level = data.levels[i].name; break; }
    }
    return { dimensions: dimensions, base: round(base), bonus: bonus, total: total,
             level: vetoed ? VETOED : level, vetoed: vetoed, answered: answered };
  };

  Assessment.prototype.show = function () {
    var r = this.result(), root = this.root;
    this.$$("output[data-ql-dimension]").forEach(function (el) { el.textContent = r.dimensions[el.dataset.qlDimension]; });
    ["base", "bonus", "total", "level", "answered"].forEach(function (name) {
      var el = root.querySelector('output[data-ql="' + name + '"]');
      if (el) el.textContent = r[name];
    });
    root.classList.toggle("ql-vetoed", r.vetoed);
  };

  Assessment.prototype.changed = function (final) {
    this.read(final);
    this.save();
    this.show();
  };

  Assessment.prototype.exportFile = function () {
    this.read(true);
    var r = this.result(), file = JSON.parse(JSON.stringify(this.answers));
    file.title = this.data.title;
    file.result = { base: r.base, bonus: r.bonus, total: r.total, level: r.level };
    var blob = new Blob([JSON.stringify(file, null, 2)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = this.data.id + "-自评.json";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    this.status("已导出答卷文件 " + link.download + "。");
  };

  Assessment.prototype.importText = function (text) {
    var file;
    try { file = JSON.parse(text); } catch (error) { file = null; }
    if (!file || file.format !== FORMAT || typeof file.scores !== "object") {
      this.status("导入失败：这不是本系统导出的自评答卷文件。");
      return;
    }
    if (file.standard !== this.data.id) {
      this.status("导入失败：该答卷属于标准 " + file.standard + "，不是本页的 " + this.data.id + "。");
      return;
    }
    this.answers = emptyAnswers(this.data);
    ["scores", "bonus", "notes", "veto"].forEach(function (key) {
      if (file[key] && typeof file[key] === "object") this.answers[key] = file[key];
    }, this);
    this.fill();
    this.changed(true);
    var note = file.edition === this.data.edition ? "" : "（答卷版次为 " + file.edition + "，本页为 " + this.data.edition + "，请逐项核对）";
    this.status("已导入答卷" + note + "。");
  };

  Assessment.prototype.bind = function () {
    var self = this;
    this.root.addEventListener("input", function (event) {
      if (event.target.matches("textarea")) grow(event.target);
      if (event.target.matches("input[type=number], textarea")) self.changed(false);
    });
    this.root.addEventListener("change", function (event) {
      if (event.target.matches("input.ql-score, input.ql-bonus, input.ql-veto")) self.changed(true);
      if (event.target.matches('input[data-ql-action="import"]')) self.readFile(event.target);
    });
    this.root.addEventListener("click", function (event) {
      var target = event.target.closest("button");
      if (!target) return;
      if (target.classList.contains("ql-fill")) {
        self.root.querySelector('input.ql-score[data-id="' + target.dataset.id + '"]').value = target.dataset.value;
        self.changed(true);
      } else if (target.dataset.qlAction === "print") {
        window.print();
      } else if (target.dataset.qlAction === "export") {
        self.exportFile();
      } else if (target.dataset.qlAction === "clear" && window.confirm("清空本页全部自评内容？此操作不能撤销。")) {
        self.answers = emptyAnswers(self.data);
        self.fill();
        self.changed(true);
        self.status("已清空。");
      }
    });
  };

  Assessment.prototype.readFile = function (input) {
    var self = this, file = input.files && input.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () { self.importText(String(reader.result)); input.value = ""; };
    reader.onerror = function () { self.status("导入失败：无法读取该文件。"); };
    reader.readAsText(file, "utf-8");
  };

  function grow(textarea) {
    textarea.style.height = "auto";
    textarea.style.height = textarea.scrollHeight + 2 + "px";
  }

  function init() {
    var root = document.querySelector("[data-ql-assess]");
    if (!root || root.dataset.qlReady) return;
    root.dataset.qlReady = "1";
    var assessment = new Assessment(root);
    assessment.fill();
    assessment.show();
    assessment.bind();
    root.qinglianAssessment = assessment;  /* for tests and the curious */
  }

  /* Material's instant navigation swaps pages without reloading scripts: document$ fires on each. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
