// citeproc-js as the reference for benchmarks/compare_cite.py: citations and bibliography of one document.
// Reads {"style": XML, "lang": "en-US", "items": [...], "clusters": [...], "locales": DIR} on stdin and prints
// {"citations": [...], "ids": [...], "entries": [...], "dropped": [ids citeproc-js throws on]} (plain text) on stdout.
// Needs `npm install citeproc` in the folder named by CITEPROC_JS (default /work/tools).
const path = require("path");
const fs = require("fs");
const CSL = require(path.join(process.env.CITEPROC_JS || "/work/tools", "node_modules", "citeproc"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const byId = {};
  for (const item of job.items) byId[String(item.id)] = item;
  const sys = {
    retrieveLocale: (lang) => {
      const file = path.join(job.locales, `locales-${lang}.xml`);
      return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
    },
    retrieveItem: (id) => byId[String(id)],
  };
  // Items citeproc-js cannot read (it throws on some real exports, e.g. a date range whose
  // ends have different parts) are left out and named in "dropped", so the rest compares.
  const dropped = [];
  // One probe engine, rebuilt only after an item throws (parsing the style per item was most of the time).
  let probe = null;
  for (const item of job.items) {
    try {
      if (!probe) {
        probe = new CSL.Engine(sys, job.style, job.lang || "en-US", true);
        probe.setOutputFormat("text");
      }
      probe.updateItems([String(item.id)]);
      probe.makeCitationCluster([{ id: String(item.id) }]);
      if (probe.bibliography) probe.makeBibliography();
    } catch (e) {
      dropped.push(String(item.id));
      probe = null;
    }
  }
  const gone = new Set(dropped);
  job.clusters = job.clusters.filter((c) => !c.citationItems.some((ci) => gone.has(String(ci.id))));
  const engine = new CSL.Engine(sys, job.style, job.lang || "en-US", true);
  engine.setOutputFormat("text");
  const citations = job.clusters.map((c, n) => ({
    citationID: `c${n}`, citationItems: c.citationItems, properties: { noteIndex: (c.properties || {}).noteIndex || 0 },
  }));
  const rebuilt = engine.rebuildProcessorState(citations, "text", []);
  const texts = rebuilt.map((r) => r[2]);
  let ids = [];
  let entries = [];
  const result = engine.bibliography ? engine.makeBibliography() : false;
  if (result) {
    ids = result[0].entry_ids.map((group) => String(group[0]));
    entries = result[1];
    if (ids.length !== entries.length) {
      // citeproc-js drops entries that render empty but keeps their ids: find them one by one.
      const single = new CSL.Engine(sys, job.style, job.lang || "en-US", true);
      single.setOutputFormat("text");
      ids = ids.filter((id) => {
        single.updateItems([id]);
        const one = single.makeBibliography();
        return one && one[1].length && one[1][0].trim();
      });
    }
  }
  process.stdout.write(JSON.stringify({ citations: texts, ids, entries, dropped }));
});
