import { escapeHtml, renderBlocks } from './blocks.js';
import { $, api, ctx, refresh, ui, viewAction } from './page.js';

// The sandbox page's modals: the top view of the stack, what the person typed in it, and its errors.

let modalControls = [];

function readValues() {
  const values = {};
  for (const c of modalControls) {
    values[c.blockId] ??= {};
    values[c.blockId][c.actionId] = c.read();
  }
  return values;
}

/** Slack keeps what a person typed when a view is updated with the same block and action ids. */
function snapshotInputs(layer) {
  const out = new Map();
  for (const block of layer.querySelectorAll('[data-block-id]')) {
    const controls = [...block.querySelectorAll('input, select, textarea')];
    out.set(
      block.dataset.blockId,
      controls.map((c) => ({ value: c.value, checked: c.checked, action: c.dataset.actionId ?? '' })),
    );
  }
  return out;
}

function restoreInputs(layer, saved) {
  for (const block of layer.querySelectorAll('[data-block-id]')) {
    const before = saved.get(block.dataset.blockId);
    const controls = [...block.querySelectorAll('input, select, textarea')];
    if (!before || before.length !== controls.length) continue;
    controls.forEach((c, i) => {
      if ((c.dataset.actionId ?? '') !== before[i].action) return;
      if (c.type === 'checkbox' || c.type === 'radio') c.checked = before[i].checked;
      else c.value = before[i].value;
    });
  }
}

export function renderModal() {
  const layer = $('modal-layer');
  const modals = ui.state.modals;
  const view = modals[modals.length - 1];
  const key = view ? `${view.id}:${view.hash}` : '';
  if (key === ui.shownModal) return;
  const sameView = view && ui.shownModal.startsWith(`${view.id}:`);
  const saved = sameView ? snapshotInputs(layer) : new Map();
  ui.shownModal = key;
  if (!sameView) ui.errors = {};
  layer.replaceChildren();
  layer.hidden = !view;
  if (!view) return;
  modalControls = [];
  const dialog = document.createElement('div');
  dialog.className = 'modal';
  dialog.role = 'dialog';
  dialog.setAttribute('aria-modal', 'true');
  dialog.dataset.viewId = view.id;
  dialog.dataset.callbackId = view.callback_id ?? '';
  const header = document.createElement('div');
  header.className = 'modal-header';
  header.innerHTML = `<span class="modal-title">${escapeHtml(view.title?.text ?? '')}</span>`;
  const x = document.createElement('button');
  x.type = 'button';
  x.className = 'icon';
  x.setAttribute('aria-label', 'Close');
  x.textContent = '×';
  x.addEventListener('click', () => closeModal(view));
  header.append(x);
  const body = document.createElement('div');
  body.className = 'modal-body';
  body.append(
    renderBlocks(view.blocks, {
      ...ctx(),
      surface: 'modal',
      controls: modalControls,
      onAction: (a) => viewAction(view.id, a, readValues()),
    }),
  );
  const footer = document.createElement('div');
  footer.className = 'modal-footer';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'bk-button';
  cancel.textContent = view.close?.text ?? 'Cancel';
  cancel.addEventListener('click', () => closeModal(view));
  footer.append(cancel);
  if (view.submit) {
    const submit = document.createElement('button');
    submit.type = 'button';
    submit.className = 'bk-button bk-primary';
    submit.textContent = view.submit.text ?? 'Submit';
    submit.addEventListener('click', () => submitModal(view, submit));
    footer.append(submit);
  }
  dialog.append(header, body, footer);
  layer.append(dialog);
  restoreInputs(layer, saved);
  showErrors();
}

function showErrors() {
  const layer = $('modal-layer');
  for (const block of layer.querySelectorAll('.bk-input')) {
    const message = ui.errors[block.dataset.blockId] ?? '';
    block.querySelector('.bk-error').textContent = message;
    block.classList.toggle('has-error', Boolean(message));
  }
}

async function submitModal(view, button) {
  button.disabled = true;
  try {
    const res = await api('/api/submit', { viewId: view.id, values: readValues() });
    ui.errors = res?.errors ?? {};
    showErrors();
  } finally {
    button.disabled = false;
  }
  await refresh();
}

async function closeModal(view) {
  await api('/api/close', { viewId: view.id, values: readValues() });
  await refresh();
}
