import { render } from 'preact';
import { App } from './app';
import { syncDocumentLang } from './i18n';
import { createAppState } from './state/app';
import './styles.css';

const state = createAppState();
syncDocumentLang();
state.auth.listen();
void state.auth.restore(); // silent refresh via the HttpOnly cookie

const root = document.getElementById('app');
if (root) render(<App state={state} />, root);
