import { lang, langs, setLang, t } from '../../i18n';

/**
 * LanguageSwitch offers Dutch and English. Each option is written in its own
 * language (and marked so for screen readers); the pressed one is current.
 */
export function LanguageSwitch() {
  return (
    <div class="lang-switch" role="group" aria-label={t('lang.label')}>
      {langs.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          class="lang-switch__option"
          aria-pressed={lang.value === l}
          onClick={() => setLang(l)}
        >
          {t(`lang.${l}`)}
        </button>
      ))}
    </div>
  );
}
