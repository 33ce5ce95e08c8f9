import { useSignal } from '@preact/signals';
import type { Role } from '../api/client';
import { roles, type User } from '../api/types';
import { LoadState } from '../components/Async/LoadState';
import { run } from '../components/Async/problem';
import { useAsync } from '../components/Async/useAsync';
import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';
import { useAppState } from '../state/app';

/** NewUserForm is the form for a new account; practice_id stays text until it is sent. */
interface NewUserForm {
  email: string;
  display_name: string;
  role: Role;
  practice_id: string;
  password: string;
}

/** AdminUsersPage: the users of the region; create, deactivate or reactivate, reset a password. */
export function AdminUsersPage() {
  const { api } = useAppState();
  const q = useSignal('');
  const list = useAsync(() => api.GET('/api/v1/users', { params: { query: { limit: 200, ...(q.value.trim() ? { q: q.value.trim() } : {}) } } }), [q.value]);
  const practices = useAsync(() => api.GET('/api/v1/practices', { params: { query: { limit: 200 } } }), []);
  const message = useSignal<string | null>(null);
  const resetFor = useSignal<User | null>(null);
  const newPassword = useSignal('');
  const form = useSignal<NewUserForm>({ email: '', display_name: '', role: 'poh', practice_id: '', password: '' });
  const practiceName = (id: number | null) => practices.data.value?.items.find((p) => p.id === id)?.name ?? '—';

  const capFor = useSignal<User | null>(null);
  const newCap = useSignal('');

  async function patch(u: User, body: { active?: boolean; password?: string; caseload_cap?: number }) {
    message.value = await run(async () => {
      // The list leaves the version out: then the ETag comes from GET /users/{id}.
      let tag = `"${u.version ?? 0}"`;
      if (u.version == null) {
        const cur = await api.GET('/api/v1/users/{id}', { params: { path: { id: u.id } } });
        tag = cur.response.headers.get('ETag') ?? tag;
      }
      return api.PATCH('/api/v1/users/{id}', { params: { path: { id: u.id }, header: { 'If-Match': tag } }, body });
    });
    if (!message.value) {
      message.value = body.password
        ? t('users.resetDone', { name: u.display_name })
        : body.caseload_cap !== undefined
          ? body.caseload_cap > 0
            ? t('users.capDone', { name: u.display_name, cap: body.caseload_cap })
            : t('users.capRemoved', { name: u.display_name })
          : null;
      void list.reload();
    }
  }

  async function create(e: Event) {
    e.preventDefault();
    const f = form.value;
    const needsPractice = f.role === 'poh' || f.role === 'gp';
    message.value = await run(() =>
      api.POST('/api/v1/users', {
        body: {
          email: f.email.trim(),
          display_name: f.display_name.trim(),
          role: f.role,
          password: f.password,
          ...(needsPractice && f.practice_id ? { practice_id: Number(f.practice_id) } : {}),
        },
      }),
    );
    if (!message.value) {
      form.value = { email: '', display_name: '', role: 'poh', practice_id: '', password: '' };
      void list.reload();
    }
  }

  const f = form.value;
  const setF = (patch: Partial<typeof f>) => (form.value = { ...form.value, ...patch });
  return (
    <Layout title={t('users.title')}>
      <div class="alert" role="alert" hidden={!message.value}>
        {message.value}
      </div>
      <details class="card">
        <summary>{t('users.add')}</summary>
        <form class="form" onSubmit={(e) => void create(e)}>
          <div class="split">
            <div class="field">
              <label for="u-name">{t('users.name')}</label>
              <input id="u-name" value={f.display_name} onInput={(e) => setF({ display_name: e.currentTarget.value })} />
            </div>
            <div class="field">
              <label for="u-email">{t('login.email')}</label>
              <input id="u-email" type="email" value={f.email} onInput={(e) => setF({ email: e.currentTarget.value })} />
            </div>
            <div class="field">
              <label for="u-role">{t('home.role')}</label>
              <select id="u-role" value={f.role} onChange={(e) => setF({ role: e.currentTarget.value as Role })}>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            {(f.role === 'poh' || f.role === 'gp') && (
              <div class="field">
                <label for="u-practice">{t('home.practice')}</label>
                <select id="u-practice" value={f.practice_id} onChange={(e) => setF({ practice_id: e.currentTarget.value })}>
                  <option value="">—</option>
                  {(practices.data.value?.items ?? []).map((p) => (
                    <option key={p.id} value={String(p.id)}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div class="field">
              <label for="u-password">{t('users.password')}</label>
              <input id="u-password" type="password" autocomplete="new-password" value={f.password} onInput={(e) => setF({ password: e.currentTarget.value })} />
            </div>
          </div>
          <p class="hint small">{t('users.passwordHint')}</p>
          <button type="submit" class="button button--primary">
            {t('users.create')}
          </button>
        </form>
      </details>
      <div class="field field--narrow">
        <label for="u-q">{t('users.search')}</label>
        <input id="u-q" type="search" value={q.value} onInput={(e) => (q.value = e.currentTarget.value)} />
      </div>
      {resetFor.value && (
        <form
          class="card form"
          onSubmit={(e) => {
            e.preventDefault();
            const u = resetFor.value!;
            void patch(u, { password: newPassword.value }).then(() => {
              resetFor.value = null;
              newPassword.value = '';
            });
          }}
        >
          <div class="field">
            <label for="u-reset">{t('users.newPasswordFor', { name: resetFor.value.display_name })}</label>
            <input id="u-reset" type="password" autocomplete="new-password" value={newPassword.value} onInput={(e) => (newPassword.value = e.currentTarget.value)} />
          </div>
          <div class="button-row">
            <button type="submit" class="button button--primary">
              {t('users.reset')}
            </button>
            <button type="button" class="button" onClick={() => (resetFor.value = null)}>
              {t('action.cancel')}
            </button>
          </div>
        </form>
      )}
      {capFor.value && (
        <form
          class="card form"
          onSubmit={(e) => {
            e.preventDefault();
            const u = capFor.value!;
            const n = Number(newCap.value || '0');
            if (!Number.isInteger(n) || n < 0) {
              message.value = t('users.capInvalid');
              return;
            }
            void patch(u, { caseload_cap: n }).then(() => {
              capFor.value = null;
              newCap.value = '';
            });
          }}
        >
          <div class="field field--narrow">
            <label for="u-cap">{t('users.capFor', { name: capFor.value.display_name })}</label>
            <p class="hint small" id="u-cap-hint">
              {t('users.capHint')}
            </p>
            <input id="u-cap" type="number" min={0} max={1000} inputMode="numeric" aria-describedby="u-cap-hint" value={newCap.value} onInput={(e) => (newCap.value = e.currentTarget.value)} />
          </div>
          <div class="button-row">
            <button type="submit" class="button button--primary">
              {t('users.capSave')}
            </button>
            <button type="button" class="button" onClick={() => (capFor.value = null)}>
              {t('action.cancel')}
            </button>
          </div>
        </form>
      )}
      <LoadState loading={list.loading.value && !list.data.value} error={list.error.value} onRetry={() => void list.reload()} />
      {list.data.value && (
        <div class="table-wrap card">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('home.role')}</th>
                <th scope="col">{t('home.practice')}</th>
                <th scope="col">{t('users.state')}</th>
                <th scope="col">{t('users.cap')}</th>
                <th scope="col">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.value.items.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    {u.display_name}
                    <br />
                    <span class="muted small">{u.email}</span>
                  </th>
                  <td>{t(`role.short.${u.role}`)}</td>
                  <td>{practiceName(u.practice_id)}</td>
                  <td>{u.active ? t('users.active') : t('users.inactive')}</td>
                  <td>{u.role === 'peer' || u.role === 'coach' ? (u.caseload_cap ?? t('capacity.noCap')) : '—'}</td>
                  <td class="button-row">
                    <button type="button" class="button button--small" onClick={() => void patch(u, { active: !u.active })} aria-label={`${u.active ? t('users.deactivate') : t('users.activate')}: ${u.display_name}`}>
                      {u.active ? t('users.deactivate') : t('users.activate')}
                    </button>
                    <button type="button" class="button button--small" onClick={() => (resetFor.value = u)} aria-label={`${t('users.reset')}: ${u.display_name}`}>
                      {t('users.reset')}
                    </button>
                    {(u.role === 'peer' || u.role === 'coach') && (
                      <button
                        type="button"
                        class="button button--small"
                        onClick={() => {
                          capFor.value = u;
                          newCap.value = u.caseload_cap == null ? '' : String(u.caseload_cap);
                        }}
                        aria-label={`${t('users.capSet')}: ${u.display_name}`}
                      >
                        {t('users.capSet')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
