/**
 * Calls a server function from a dialog. While it runs, every button is disabled and `button` says "Working…";
 * when it ends (the server may answer with an alert rather than a new dialog) the buttons come back, the answer
 * goes to `onAnswer` when given, and a failure is shown on the page instead of leaving it stuck.
 */
function callServer(name, args, button, onAnswer) {
  var buttons = Array.prototype.slice.call(document.querySelectorAll('button'));
  var label = button ? button.textContent : '';
  var status = document.getElementById('status');
  buttons.forEach(function (b) {
    b.disabled = true;
  });
  if (button) button.textContent = 'Working…';
  if (status) status.textContent = '';
  function done() {
    buttons.forEach(function (b) {
      b.disabled = false;
    });
    if (button) button.textContent = label;
  }
  var runner = google.script.run
    .withSuccessHandler(function (answer) {
      done();
      if (onAnswer) onAnswer(answer);
    })
    .withFailureHandler(function (error) {
      done();
      if (status) status.textContent = 'That did not work: ' + (error && error.message ? error.message : String(error));
    });
  runner[name].apply(runner, args);
}
