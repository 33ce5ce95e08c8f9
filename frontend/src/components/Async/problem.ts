import type { Problem } from '../../api/types';
import { t, type MessageKey } from '../../i18n';

const knownFields = ['label', 'birth_year', 'pc4', 'practice_ref', 'question', 'referral_intention', 'next_follow_up_on', 'reason', 'text', 'email', 'password', 'display_name', 'name', 'outcome'];

/** fieldLabel words an API field name ("birth_year", "sections.story") for the user, never the name itself. */
export function fieldLabel(field: string): string {
  const base = field.split(/[.[]/)[0] ?? field;
  return knownFields.includes(base) ? t(`field.${base}` as MessageKey) : t('field.other');
}

/**
 * problemText words a failed request for the user. The server's problem
 * detail is in English and technical, so known statuses get our own words.
 */
export function problemText(status: number | 'network', error?: unknown): string {
  if (status === 'network') return t('action.network');
  const p = error as Partial<Problem> | undefined;
  switch (status) {
    case 400: {
      const fields = [...new Set(p?.errors?.map((e) => fieldLabel(e.field)))].join(', ');
      return fields ? t('action.invalidFields', { fields }) : t('action.invalid');
    }
    case 403:
      return t('action.forbidden');
    case 404:
      return t('load.notFound');
    case 409:
      return t('action.conflict');
    case 412:
      return t('action.stale');
    default:
      return t('action.failed');
  }
}

/** run calls an openapi-fetch request and turns its outcome into null (ok) or a message. */
export async function run(request: () => Promise<{ error?: unknown; response: Response }>): Promise<string | null> {
  try {
    const { error, response } = await request();
    return response.ok ? null : problemText(response.status, error);
  } catch {
    return problemText('network');
  }
}
