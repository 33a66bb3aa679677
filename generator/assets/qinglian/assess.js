/* 清廉标准库 · 在线自评. Plain script, no dependencies, works offline; scoring in assess-score.js.
 *
 * Runs on pages holding a [data-ql-assess] form (generated from the unit standard) and does
 * nothing elsewhere. Answers are kept in this browser's localStorage under the key given in the
 * page's data (site, online/offline edition, standard id and edition: every file:// page shares
 * one storage); nothing is sent anywhere. The answer sheet (exported and imported as JSON,
 * format "qinglian-assess" version 2, see the README) carries who filled it in: unit, stage,
 * assessor and date.
 */
(function () {
  "use strict";

  var FORMAT = "qinglian-assess";
  var VERSION = 2;
  var UNIT_KEYS = ["name", "code", "region", "category"];
  var UNSAFE = /[\\/:*?"<>|\x00-\x1f]+/g;

  function emptyAnswers(data) {
    return { format: FORMAT, version: VERSION, standard: data.id, edition: data.edition, title: data.title,
             unit: { name: "", code: "", region: "", category: "" }, stage: "自评", assessor: "", date: "",
             scores: {}, deductions: {}, bonus: {}, veto: {}, notes: {} };
  }

  function today() {
    var now = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function Assessment(root) {
    this.root = root;
    this.score = window.qinglianScore;
    this.data = JSON.parse(root.querySelector("script.ql-assess-data").textContent);
    this.answers = this.load();
    this.announced = "";
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
      if (stored && stored.format === FORMAT) return this.adopt(stored);
    } catch (error) { /* unreadable or blocked storage: start empty */ }
    return emptyAnswers(this.data);
  };

  /* A stored or imported sheet (version 1 or 2) as this page's answers. */
  Assessment.prototype.adopt = function (file) {
    var a = emptyAnswers(this.data);
    ["scores", "deductions", "bonus", "notes", "veto"].forEach(function (key) {
      if (file[key] && typeof file[key] === "object") a[key] = file[key];
    });
    var unit = file.unit && typeof file.unit === "object" ? file.unit : {};
    UNIT_KEYS.forEach(function (key) { if (typeof unit[key] === "string") a.unit[key] = unit[key]; });
    ["stage", "assessor", "date"].forEach(function (key) { if (typeof file[key] === "string") a[key] = file[key]; });
    return a;
  };

  Assessment.prototype.save = function () {
    try {
      window.localStorage.setItem(this.data.storageKey, JSON.stringify(this.answers));
    } catch (error) {
      this.status("浏览器不允许在本机保存，关闭页面前请先“导出答卷”。");
    }
  };

  function metaGet(a, key) { return key.indexOf("unit.") === 0 ? a.unit[key.slice(5)] : a[key]; }
  function shown(value) { return value === null || value === undefined || value === false ? "" : String(value); }

  /* Answers -> form fields. */
  Assessment.prototype.fill = function () {
    var a = this.answers;
    this.$$("[data-ql-meta]").forEach(function (el) { el.value = metaGet(a, el.dataset.qlMeta) || (el.tagName === "SELECT" ? "自评" : ""); });
    this.$$("input.ql-score").forEach(function (el) { el.value = shown(a.scores[el.dataset.id]); });
    this.$$("input.ql-deduct").forEach(function (el) {
      var entry = (a.deductions[el.dataset.id] || [])[+el.dataset.rule];
      if (el.type === "checkbox") el.checked = entry === true; else el.value = shown(entry);
    });
    this.$$("input.ql-bonus").forEach(function (el) { el.value = shown(a.bonus[el.dataset.id]); });
    this.$$("textarea.ql-note").forEach(function (el) { el.value = a.notes[el.dataset.id] || ""; grow(el); });
    this.$$("input.ql-veto").forEach(function (el) { el.checked = (a.veto[el.dataset.id] === true) === (el.value === "yes"); });
  };

  /* What an entry field holds, as the scoring reads it; `final` rewrites it to the value that
   * counts (clamped score, whole count, amount within its range), which scores the same. */
  Assessment.prototype.entry = function (el, final, effective) {
    var amount = this.score.cents(el.value);
    if (amount === null) return null;
    var value = effective(amount);
    if (final) el.value = this.score.text(value);
    return Number(this.score.text(final ? value : amount));
  };

  Assessment.prototype.limits = function (el) {
    var max = this.score.cents(el.max), min = this.score.cents(el.min) || 0;
    if (!el.classList.contains("ql-deduct")) return function (c) { return Math.min(Math.max(c, 0), max); };
    if (el.step === "1") return function (c) { return c > 0 ? Math.floor(c / 100) * 100 : 0; };
    var rule = this.rule(el.dataset.id, +el.dataset.rule), low = this.score.cents(rule.range[0]);
    return function (c) { return c > 0 ? Math.min(Math.max(c, low), max) : min; };
  };

  Assessment.prototype.rule = function (id, index) {
    var found = null;
    this.data.dimensions.forEach(function (d) {
      d.indicators.forEach(function (row) {
        [row].concat(row.items || []).forEach(function (r) { if (r.id === id) found = r.deductions[index]; });
      });
    });
    return found;
  };

  /* Form fields -> answers. */
  Assessment.prototype.read = function (final) {
    var a = emptyAnswers(this.data), self = this;
    this.$$("[data-ql-meta]").forEach(function (el) {
      var key = el.dataset.qlMeta, value = el.value.trim();
      if (key.indexOf("unit.") === 0) a.unit[key.slice(5)] = value; else a[key] = value;
    });
    function number(bucket) {
      return function (el) {
        var value = self.entry(el, final, self.limits(el));
        if (value !== null) bucket[el.dataset.id] = value;
      };
    }
    this.$$("input.ql-score").forEach(number(a.scores));
    this.$$("input.ql-bonus").forEach(number(a.bonus));
    this.$$("input.ql-deduct").forEach(function (el) {
      var value = el.type === "checkbox" ? el.checked : self.entry(el, final, self.limits(el));
      var list = a.deductions[el.dataset.id] = a.deductions[el.dataset.id] || [];
      list[+el.dataset.rule] = value;
    });
    Object.keys(a.deductions).forEach(function (id) {
      var list = a.deductions[id];
      for (var i = 0; i < list.length; i++) if (list[i] === undefined) list[i] = null;
      if (list.every(function (v) { return v === null || v === false; })) delete a.deductions[id];
    });
    this.$$("textarea.ql-note").forEach(function (el) { if (el.value) a.notes[el.dataset.id] = el.value; });
    this.$$("input.ql-veto").forEach(function (el) { if (el.checked) a.veto[el.dataset.id] = el.value === "yes"; });
    this.answers = a;
  };

  /* Indicators with anything entered (in themselves or their items). */
  Assessment.prototype.answered = function () {
    var a = this.answers, count = 0;
    this.data.dimensions.forEach(function (d) {
      d.indicators.forEach(function (row) {
        var ids = [row.id].concat((row.items || []).map(function (item) { return item.id; }));
        if (ids.some(function (id) { return a.scores[id] !== undefined || a.deductions[id] !== undefined; })) count += 1;
      });
    });
    return count;
  };

  Assessment.prototype.result = function () {
    var r = this.score.evaluate(this.data, this.answers), a = this.answers;
    r.answered = this.answered();
    r.entered = r.answered > 0 || Object.keys(a.bonus).length > 0 ||
      Object.keys(a.veto).some(function (id) { return a.veto[id] === true; });
    return r;
  };

  Assessment.prototype.levelText = function (r) {
    if (!r.entered) return "—";
    var level = this.data.levels.filter(function (l) { return l.name === r.level; })[0];
    return level && level.pass === false ? r.level + "（不予命名）" : r.level;
  };

  Assessment.prototype.show = function (announce) {
    var r = this.result(), text = this.score.text, root = this.root, self = this;
    this.$$("output[data-ql-record]").forEach(function (el) { el.textContent = text(r.records[el.dataset.qlRecord]); });
    this.$$("output[data-ql-dimension]").forEach(function (el) { el.textContent = text(r.dimensions[el.dataset.qlDimension]); });
    var values = { base: text(r.base), bonus: text(r.bonus), total: text(r.total), level: this.levelText(r), answered: r.answered };
    Object.keys(values).forEach(function (name) {
      var el = root.querySelector('output[data-ql="' + name + '"]');
      if (el) el.textContent = values[name];
    });
    root.classList.toggle("ql-vetoed", r.entered && !r.named);
    var message = r.entered ? "总分 " + values.total + " 分，等次 " + values.level : "";
    if (announce && message !== self.announced) {
      root.querySelector(".ql-live").textContent = message;
      self.announced = message;
    }
  };

  /* Typing updates the numbers silently; a committed change (blur, tick, button) is announced. */
  Assessment.prototype.changed = function (final) {
    this.read(final);
    this.save();
    this.show(final);
  };

  Assessment.prototype.fileName = function () {
    var a = this.answers;
    return [a.unit.name || "未填单位名称", this.data.title, a.date || today()].map(function (part) {
      return part.trim().replace(UNSAFE, "_");
    }).join("-") + ".json";
  };

  Assessment.prototype.exportFile = function () {
    this.read(true);
    var r = this.result(), file = JSON.parse(JSON.stringify(this.answers));
    file.result = { base: Number(this.score.text(r.base)), bonus: Number(this.score.text(r.bonus)),
                    total: Number(this.score.text(r.total)), level: r.level, named: r.named };
    var blob = new Blob([JSON.stringify(file, null, 2)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = this.fileName();
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    this.status("已导出答卷文件 " + link.download + "。");
  };

  Assessment.prototype.importData = function (file) {
    if (!file || file.format !== FORMAT || typeof file.standard !== "string") {
      this.status("导入失败：这不是本系统导出的自评答卷文件。");
      return false;
    }
    if (typeof file.version === "number" && file.version > VERSION) {
      this.status("导入失败：答卷格式版本 " + file.version + " 较新，请使用新版网站打开。");
      return false;
    }
    if (file.standard !== this.data.id) {
      this.status("导入失败：该答卷属于标准 " + file.standard + "，不是本页的 " + this.data.id + "。");
      return false;
    }
    this.answers = this.adopt(file);
    this.fill();
    this.changed(true);
    var note = file.edition === this.data.edition ? "" : "（答卷版次为 " + file.edition + "，本页为 " + this.data.edition + "，请逐项核对）";
    var a = this.answers, missing = [["单位名称", a.unit.name], ["填报人", a.assessor], ["日期", a.date]]
      .filter(function (field) { return !field[1]; }).map(function (field) { return field[0]; });
    this.status("已导入答卷" + note + "。" + (missing.length ? "答卷没有填写" + missing.join("、") + "，请补填。" : ""));
    return true;
  };

  Assessment.prototype.importText = function (text) {
    var file;
    try { file = JSON.parse(text); } catch (error) { file = null; }
    return this.importData(file);
  };

  Assessment.prototype.bind = function () {
    var self = this;
    this.root.addEventListener("input", function (event) {
      if (event.target.matches("textarea")) grow(event.target);
      if (event.target.matches("input[type=number], input[type=text], textarea")) self.changed(false);
    });
    this.root.addEventListener("change", function (event) {
      if (event.target.matches('input[data-ql-action="import"]')) self.readFile(event.target);
      else if (event.target.matches("input, select, textarea")) self.changed(true);
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

  /* The sticky score bar's height, so that scrolling to a control never leaves it under the bar. */
  function measureBar(root) {
    var bar = root.querySelector(".ql-summary");
    document.documentElement.style.setProperty("--ql-bar-height", bar.offsetHeight + "px");
  }

  function init() {
    var root = document.querySelector("[data-ql-assess]");
    if (!root || root.dataset.qlReady || !window.qinglianScore) return;
    root.dataset.qlReady = "1";
    var assessment = new Assessment(root);
    assessment.fill();
    assessment.show(false);
    assessment.bind();
    measureBar(root);
    root.qinglianAssessment = assessment;  /* for tests and the curious */
  }

  window.addEventListener("resize", function () {
    var root = document.querySelector("[data-ql-assess][data-ql-ready]");
    if (root) measureBar(root);
  });

  /* Material's instant navigation swaps pages without reloading scripts: document$ fires on each. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
