// nianbao review UI: the little JS there is. Everything works without it (links and forms);
// with it, selecting a cell needs no reload, the keyboard drives the common path, and the
// progress of reports being read updates by itself.

(() => {
  // --- progress of reports still being read (queue and report pages) --------------------------
  const bars = Array.from(document.querySelectorAll('[data-progress-id]'));
  if (bars.length) {
    const poll = async () => {
      for (const el of bars) {
        try {
          const res = await fetch('/api/reports/' + encodeURIComponent(el.dataset.progressId), {
            credentials: 'same-origin',
            headers: { accept: 'application/json' },
          });
          if (!res.ok) continue;
          const r = await res.json();
          if (r.status !== 'queued' && r.status !== 'processing') {
            location.reload();
            return;
          }
          const p = r.progress || {};
          const bar = el.querySelector('progress');
          if (bar && p.pagesTotal) {
            bar.max = p.pagesTotal;
            bar.value = p.pagesDone || 0;
          }
          const stage = el.querySelector('.stage');
          if (stage)
            stage.textContent = p.pagesTotal
              ? p.stage + ' ' + (p.pagesDone || 0) + '/' + p.pagesTotal
              : p.stage || r.status;
        } catch {
          // the next round tries again
        }
      }
      setTimeout(poll, 1500);
    };
    setTimeout(poll, 1000);
  }

  // No double submissions.
  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (form.dataset.sent) {
      e.preventDefault();
      return;
    }
    form.dataset.sent = '1';
  });

  // --- the report page -----------------------------------------------------------------------
  const dataEl = document.getElementById('review-data');
  if (!dataEl) return;
  const data = JSON.parse(dataEl.textContent);
  const $ = (id) => document.getElementById(id);
  const byCell = (id) =>
    Array.from(document.querySelectorAll('a.cell[data-cell], rect.box[data-cell]')).filter(
      (el) => el.dataset.cell === id,
    );
  let current = null;

  function setText(id, text) {
    const el = $(id);
    if (el) el.textContent = text == null ? '' : text;
  }

  function select(id, opts) {
    const info = data.cells[id];
    if (!info) return;
    current = id;
    for (const el of document.querySelectorAll('a.cell.selected, rect.box.selected, a.cell.related, rect.box.related'))
      el.classList.remove('selected', 'related');
    const related = new Set();
    for (const k of info.rules) for (const c of data.rules[k].cells) related.add(c);
    for (const el of document.querySelectorAll('a.cell[data-cell], rect.box[data-cell]')) {
      if (el.dataset.cell === id) el.classList.add('selected');
      else if (related.has(el.dataset.cell)) el.classList.add('related');
    }
    for (const li of document.querySelectorAll('.rule-list > li.rule'))
      li.classList.toggle('hl', info.rules.includes(Number(li.dataset.index)));

    const panel = $('cell-panel');
    if (panel) panel.hidden = false;
    setText('cp-id', id);
    setText('cp-label', info.label);
    setText('cp-value', info.value);
    setText('cp-old', info.value);
    setText('cp-extracted', info.extracted);
    setText('cp-where', info.where);
    setText('cp-raw', info.raw);
    setText('cp-decision', info.decision || '—');
    for (const form of [$('correct-form'), $('accept-form')]) {
      if (!form) continue;
      form.elements.cell.value = id;
      form.elements.seen.value = info.seen;
    }
    const input = $('cp-input');
    if (input) input.value = '';
    const accept = $('cp-accept');
    if (accept) accept.disabled = !info.present;
    history.replaceState(null, '', '?cell=' + encodeURIComponent(id));
    if (opts && (opts.scroll || opts.scrollPane)) {
      const els = byCell(id);
      const box = els.find((el) => el.tagName.toLowerCase() === 'rect');
      const td = els.find((el) => el.tagName.toLowerCase() === 'a');
      if (box) scrollPaneTo(box);
      if (td && opts.scroll) {
        td.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        if (opts.focus) td.focus({ preventScroll: true });
      }
    }
  }

  // Brings a box into the middle of the page-image pane without moving the window.
  function scrollPaneTo(box) {
    const pane = $('pages');
    if (!pane) return;
    const p = pane.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    if (pane.scrollHeight > pane.clientHeight + 1) {
      pane.scrollTop += b.top - p.top - pane.clientHeight / 2 + b.height / 2;
    } else if (b.top < 0 || b.bottom > window.innerHeight) {
      box.scrollIntoView({ block: 'center' });
    }
  }

  document.addEventListener('click', (e) => {
    const target = e.target.closest('a.cell[data-cell], rect.box[data-cell], a.cell-ref[data-cell]');
    if (target && data.cells[target.dataset.cell]) {
      e.preventDefault();
      select(target.dataset.cell, { scroll: true, focus: target.tagName.toLowerCase() !== 'rect' });
      return;
    }
    const message = e.target.closest('.rule-list ul.messages li');
    if (message) {
      const k = Number(message.closest('li.rule').dataset.index);
      const cells = data.rules[k].cells;
      if (cells.length) select(cells[0], { scroll: true });
    }
  });

  function step(delta) {
    const list = data.flagged;
    if (!list.length) return;
    let i = list.indexOf(current);
    i = i < 0 ? (delta > 0 ? 0 : list.length - 1) : (i + delta + list.length) % list.length;
    select(list[i], { scroll: true, focus: true });
  }

  // Enter on the reason list saves the correction (a closed <select> would not submit).
  const reason = $('cp-reason');
  if (reason) {
    reason.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && reason.value) {
        e.preventDefault();
        reason.form.requestSubmit();
      }
    });
  }

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    const typing = t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA');
    if (typing) {
      if (e.key === 'Escape') t.blur();
      return;
    }
    switch (e.key) {
      case 'j':
      case 'n':
        e.preventDefault();
        step(1);
        break;
      case 'k':
      case 'p':
        e.preventDefault();
        step(-1);
        break;
      case 'a': {
        const form = $('accept-form');
        if (form && current && data.cells[current].present) {
          e.preventDefault();
          form.requestSubmit();
        }
        break;
      }
      case 'c': {
        const input = $('cp-input');
        if (input && current) {
          e.preventDefault();
          input.focus();
          input.select();
        }
        break;
      }
      default:
    }
  });

  // On load: show the selected cell's box (images may still be loading: their size is reserved).
  if (data.selected) select(data.selected, { scrollPane: true });
})();
