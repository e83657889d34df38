// citeproc-js (Zotero's CSL engine) as the reference renderer for benchmarks/compare_citeproc_js.py.
// Reads {"style": XML, "lang": "en-US", "items": [...], "locales": DIR} as JSON on stdin and prints
// {"ids": [...], "entries": [...]} (plain text, the bibliography's order) as JSON on stdout.
// Needs `npm install citeproc` in a folder named by CITEPROC_JS (default /work/citeprocjs).
const path = require("path");
const fs = require("fs");
const CSL = require(path.join(process.env.CITEPROC_JS || "/work/citeprocjs", "node_modules", "citeproc"));

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
  const engine = new CSL.Engine(sys, job.style, job.lang || "en-US", true);
  engine.setOutputFormat("text");
  engine.updateItems(job.items.map((item) => String(item.id)));
  const result = engine.makeBibliography();
  if (!result) {
    process.stdout.write(JSON.stringify({ ids: [], entries: [] }));
    return;
  }
  const [params, entries] = result;
  let ids = params.entry_ids.map((group) => String(group[0]));
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
  process.stdout.write(JSON.stringify({ ids, entries }));
});
