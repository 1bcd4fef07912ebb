/**
 * The sidebar's script. It asks sidebarState() every data.pollMs, start to start, one call at a time, and redraws
 * the problem list only when the state's revision (or a filter) changes. Everything from the sheet is written as
 * text (textContent), never as markup.
 */
var data = JSON.parse(document.getElementById('data').textContent);
var LINKS_PER_LINE = 20;
var state = null;
var shownRevision = null;
var closedGroups = {};
var polling = false;
var pollAgain = false;
var pollTimer = null;
var failures = 0;
var statusLine = document.getElementById('status');

function el(tag, text, className) {
  var node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function plural(n, one, many) {
  return n.toLocaleString('en-US') + ' ' + (n === 1 ? one : many);
}

function when(iso) {
  return String(iso).slice(0, 16).replace('T', ' ') + ' UTC';
}

function planName(key) {
  var at = key.indexOf(':');
  return key.slice(at + 1) + (key.slice(0, at) === 'public' ? ' (Public API)' : ' (Config API)');
}

function showOverview(s) {
  var glance = document.getElementById('glance');
  glance.textContent = '';
  document.getElementById('noplan').hidden = s.hasPlan;
  document.getElementById('list').hidden = !s.hasPlan;
  document.getElementById('actions').hidden = !s.hasPlan;
  if (s.hasPlan) {
    [
      [s.events, 'event', 'events', ''],
      [s.properties, 'property', 'properties', ''],
      [s.errors, 'error', 'errors', s.errors ? 'error' : ''],
      [s.warnings, 'warning', 'warnings', s.warnings ? 'warning' : ''],
    ].forEach(function (item) {
      var span = el('span', null, item[3]);
      span.id = 'count-' + item[2];
      span.appendChild(el('b', item[0].toLocaleString('en-US')));
      span.appendChild(document.createTextNode(' ' + (item[0] === 1 ? item[1] : item[2])));
      glance.appendChild(span);
    });
    if (s.otherRules.length) glance.appendChild(el('span', 'plus ' + s.otherRules.join(', ') + ' rules', 'more'));
  }
  document.getElementById('target').textContent = s.target
    ? 'Sends to ' + s.target.label + '.'
    : 'No Tracking Plan ID in Importer Settings yet.';
  var syncs = document.getElementById('syncs');
  syncs.textContent = '';
  s.syncs.slice(0, 3).forEach(function (sync) {
    var line = el(
      'div',
      'Last sync with ' + planName(sync.plan) + ': ' + when(sync.syncedAt) + (sync.by ? ' by ' + sync.by : '') + '.',
      'more',
    );
    syncs.appendChild(line);
    if (sync.editedSeenAt) {
      syncs.appendChild(
        el(
          'div',
          '⚠ Segment was edited since that sync (seen ' +
            when(sync.editedSeenAt) +
            '): sending overwrites those edits. Compare lists them.',
          'note',
        ),
      );
    }
  });
  var progress = document.getElementById('progress');
  progress.textContent = '';
  if (s.progress) progress.appendChild(el('div', (s.progress.done ? '' : '⏳ ') + s.progress.phase, s.progress.done ? 'more' : 'running'));
}

/** The listed problems that pass the filters: groups in sheet order, identical messages folded with their cells. */
function groupsOf(problems) {
  var severity = document.getElementById('severity').value;
  var text = document.getElementById('filter').value.trim().toLowerCase();
  var groups = [];
  var byLabel = {};
  problems.forEach(function (p) {
    if (severity !== 'all' && p.severity !== severity) return;
    var place = p.cell ? p.sheet + '!' + p.cell : p.sheet;
    if (text && (p.message + '\n' + p.group + '\n' + place).toLowerCase().indexOf(text) < 0) return;
    var group = byLabel[p.group];
    if (!group) {
      group = byLabel[p.group] = { label: p.group, lines: [], byMessage: {}, errors: 0, warnings: 0 };
      groups.push(group);
    }
    if (p.severity === 'error') group.errors++;
    else group.warnings++;
    var key = p.severity + '\u0000' + p.message;
    var line = group.byMessage[key];
    if (!line) {
      line = group.byMessage[key] = { severity: p.severity, message: p.message, places: [], count: 0 };
      group.lines.push(line);
    }
    line.count++;
    if (p.cell) line.places.push({ sheet: p.sheet, cell: p.cell });
  });
  return groups;
}

function cellLink(place, message) {
  var link = el('button', place.cell, 'cell');
  link.title = 'Go to ' + place.sheet + '!' + place.cell;
  link.setAttribute('aria-label', 'Go to ' + place.sheet + '!' + place.cell);
  link.setAttribute('data-key', place.sheet + '!' + place.cell + '\u0000' + message);
  link.addEventListener('click', function () {
    goTo(place);
  });
  return link;
}

function problemLine(line) {
  var div = el('div', null, 'problem');
  div.appendChild(el('span', line.severity, line.severity));
  if (line.count > 1) div.appendChild(el('span', ' ×' + line.count, 'count'));
  div.appendChild(document.createTextNode(' ' + line.message + ' '));
  line.places.slice(0, LINKS_PER_LINE).forEach(function (place) {
    div.appendChild(cellLink(place, line.message));
  });
  if (line.places.length > LINKS_PER_LINE) div.appendChild(el('span', ' and ' + (line.places.length - LINKS_PER_LINE) + ' more', 'more'));
  return div;
}

function renderList() {
  var box = document.getElementById('problems');
  var focused = document.activeElement && box.contains(document.activeElement) ? document.activeElement.getAttribute('data-key') : null;
  box.textContent = '';
  var shown = document.getElementById('shown');
  shown.textContent = '';
  shown.className = 'more';
  if (!state.hasPlan) return;
  if (state.total === 0) {
    shown.textContent = 'No problems: the plan can be sent.';
    shown.className = 'clean';
    return;
  }
  var groups = groupsOf(state.problems);
  var count = 0;
  groups.forEach(function (group) {
    count += group.errors + group.warnings;
    var details = el('details');
    details.open = !closedGroups[group.label];
    var summary = el('summary', group.label + ' ');
    summary.setAttribute('data-key', 'group\u0000' + group.label);
    var tally = [];
    if (group.errors) tally.push(plural(group.errors, 'error', 'errors'));
    if (group.warnings) tally.push(plural(group.warnings, 'warning', 'warnings'));
    summary.appendChild(el('span', '(' + tally.join(', ') + ')', 'tally'));
    details.appendChild(summary);
    details.addEventListener('toggle', function () {
      closedGroups[group.label] = !details.open;
    });
    group.lines.forEach(function (line) {
      details.appendChild(problemLine(line));
    });
    box.appendChild(details);
  });
  var listed = state.problems.length;
  shown.textContent =
    (count === listed
      ? 'Showing ' + plural(count, 'problem', 'problems')
      : 'Showing ' + count.toLocaleString('en-US') + ' of ' + listed.toLocaleString('en-US') + ' listed') +
    (listed < state.total
      ? ' (the first ' +
        listed.toLocaleString('en-US') +
        ' of ' +
        state.total.toLocaleString('en-US') +
        '; Validate notes every one on its cell).'
      : '.') +
    ' Click a cell to go to it.';
  if (focused !== null) {
    var again = Array.prototype.filter.call(box.querySelectorAll('[data-key]'), function (node) {
      return node.getAttribute('data-key') === focused;
    })[0];
    if (again) again.focus();
  }
}

function show(next) {
  // An unchanged answer leaves the problems out: the ones shown are still right.
  if (next.unchanged && state) next.problems = state.problems;
  state = next;
  showOverview(next);
  if (next.revision !== shownRevision) {
    shownRevision = next.revision;
    renderList();
  }
}

/** One sidebarState() at a time; the next starts pollMs after this one started (later after failures). */
function poll() {
  if (polling) {
    pollAgain = true;
    return;
  }
  clearTimeout(pollTimer);
  polling = true;
  var started = Date.now();
  function next(ok) {
    polling = false;
    failures = ok ? 0 : failures + 1;
    if (pollAgain) {
      pollAgain = false;
      poll();
      return;
    }
    var wait = data.pollMs * Math.min(Math.pow(2, failures), 16) - (Date.now() - started);
    pollTimer = setTimeout(poll, Math.max(0, wait));
  }
  google.script.run
    .withSuccessHandler(function (answer) {
      show(answer);
      next(true);
    })
    .withFailureHandler(function (error) {
      statusLine.textContent = 'Could not refresh: ' + (error && error.message ? error.message : String(error));
      next(false);
    })
    .sidebarState(shownRevision || '');
}

function goTo(place) {
  statusLine.textContent = '';
  google.script.run
    .withSuccessHandler(function (problem) {
      if (problem) {
        statusLine.textContent = problem;
        poll();
      }
    })
    .withFailureHandler(function (error) {
      statusLine.textContent = 'That did not work: ' + (error && error.message ? error.message : String(error));
    })
    .goToCell(place.sheet, place.cell);
}

/** A command (Validate, Send, …): its button says it works meanwhile; the list refreshes when it ends. */
function run(button, name) {
  var buttons = Array.prototype.slice.call(document.querySelectorAll('#actions button, #noplan button'));
  var label = button.textContent;
  buttons.forEach(function (b) {
    b.disabled = true;
  });
  button.textContent = 'Working…';
  statusLine.textContent = '';
  function done() {
    buttons.forEach(function (b) {
      b.disabled = false;
    });
    button.textContent = label;
    poll();
  }
  google.script.run
    .withSuccessHandler(done)
    .withFailureHandler(function (error) {
      done();
      statusLine.textContent = 'That did not work: ' + (error && error.message ? error.message : String(error));
    })
    [name]();
}

Array.prototype.forEach.call(document.querySelectorAll('#actions button'), function (button) {
  button.addEventListener('click', function () {
    run(button, button.getAttribute('data-call'));
  });
});
document.getElementById('setup').addEventListener('click', function () {
  run(this, 'setUpSheets');
});
document.getElementById('import').addEventListener('click', function () {
  run(this, 'importFromSegment');
});
['severity', 'filter'].forEach(function (id) {
  document.getElementById(id).addEventListener('input', function () {
    if (state) renderList();
  });
});
poll();
