/**
 * google.script.run for dialog pages in a browser, with Apps Script's own shape: `withSuccessHandler(f)`,
 * `withFailureHandler(g)` and `withUserObject(o)` each return a runner that remembers them, and only the
 * script's global functions exist on it (any other name is undefined, as in Apps Script). Each call is recorded
 * in `window.__calls` and answered a moment later from `window.__answers` (`{ value }` or `{ error }`,
 * in order; success when empty). A failure with no failure handler is an uncaught error, as in Apps Script.
 */
export function googleScriptRunFake(serverFunctions: readonly string[]): string {
  return `<script>
(function () {
  window.__calls = [];
  window.__answers = [];
  var names = ${JSON.stringify([...serverFunctions])};
  function runner(handlers) {
    var r = {
      withSuccessHandler: function (f) { return runner(Object.assign({}, handlers, { success: f })); },
      withFailureHandler: function (f) { return runner(Object.assign({}, handlers, { failure: f })); },
      withUserObject: function (o) { return runner(Object.assign({}, handlers, { user: o })); },
    };
    names.forEach(function (name) {
      r[name] = function () {
        window.__calls.push([name].concat(Array.prototype.slice.call(arguments)));
        var answer = window.__answers.shift() || {};
        setTimeout(function () {
          if (answer.error !== undefined) {
            var error = new Error(answer.error);
            if (handlers.failure) handlers.failure(error, handlers.user);
            else throw error;
          } else if (handlers.success) handlers.success(answer.value, handlers.user);
        }, 10);
      };
    });
    return r;
  }
  window.google = { script: { run: runner({}), host: { close: function () { window.__calls.push(['close']); } } } };
})();
</script>`;
}
