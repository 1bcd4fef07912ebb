/**
 * google.script.run for dialog pages in a browser, with Apps Script's own shape: `withSuccessHandler(f)`,
 * `withFailureHandler(g)` and `withUserObject(o)` each return a runner that remembers them, and only the
 * script's global functions exist on it (any other name is undefined, as in Apps Script). Each call is recorded
 * in `window.__calls` and answered a moment later from `window.__answers` (`{ value }` or `{ error }`,
 * in order; success when empty). With `window.__hold = true` answers wait for `window.__release()`, so a test can
 * see the page while the server works. A failure with no failure handler is an uncaught error, as in Apps Script.
 * When the test defines `window.__server(name, args)` (page.exposeFunction, to the bundled add-on), calls are
 * answered by it instead, each when its promise settles; `window.__inFlight` counts the calls of each name not
 * yet answered and `window.__maxInFlight` the most there ever were at once.
 */
export function googleScriptRunFake(serverFunctions: readonly string[]): string {
  return `<script>
(function () {
  window.__calls = [];
  window.__answers = [];
  window.__hold = false;
  window.__inFlight = {};
  window.__maxInFlight = {};
  var held = [];
  window.__release = function () {
    held.splice(0).forEach(function (answer) { answer(); });
  };
  var names = ${JSON.stringify([...serverFunctions])};
  function runner(handlers) {
    var r = {
      withSuccessHandler: function (f) { return runner(Object.assign({}, handlers, { success: f })); },
      withFailureHandler: function (f) { return runner(Object.assign({}, handlers, { failure: f })); },
      withUserObject: function (o) { return runner(Object.assign({}, handlers, { user: o })); },
    };
    names.forEach(function (name) {
      r[name] = function () {
        var args = Array.prototype.slice.call(arguments);
        window.__calls.push([name].concat(args));
        window.__inFlight[name] = (window.__inFlight[name] || 0) + 1;
        window.__maxInFlight[name] = Math.max(window.__maxInFlight[name] || 0, window.__inFlight[name]);
        var answer = window.__answers.shift() || {};
        function deliver() {
          window.__inFlight[name]--;
          if (answer.error !== undefined) {
            var error = new Error(answer.error);
            if (handlers.failure) handlers.failure(error, handlers.user);
            else throw error;
          } else if (handlers.success) handlers.success(answer.value, handlers.user);
        }
        if (typeof window.__server === 'function') {
          window.__server(name, args).then(
            function (value) { answer = { value: value }; deliver(); },
            function (error) { answer = { error: error && error.message ? error.message : String(error) }; deliver(); }
          );
        } else if (window.__hold) held.push(function () { setTimeout(deliver, 0); });
        else setTimeout(deliver, 10);
      };
    });
    return r;
  }
  window.google = { script: { run: runner({}), host: { close: function () { window.__calls.push(['close']); } } } };
})();
</script>`;
}
