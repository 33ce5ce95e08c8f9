// Dutch catalogue: the default language of HOI. Every string a user can see
// lives here and in en.ts under the same key (see catalogue.test.ts).
// A plural message is { one, other }, chosen by the `count` parameter.
export const nl = {
  'app.name': 'HOI',
  'app.tagline': 'Herstelondersteunende intake',
  'app.loading': 'Even geduld, HOI wordt geladen…',
  'app.skipToContent': 'Naar de inhoud',

  'lang.label': 'Taal',
  'lang.nl': 'Nederlands',
  'lang.en': 'English',

  'login.title': 'Inloggen',
  'login.intro': 'Log in met het e-mailadres en wachtwoord van je HOI-account.',
  'login.email': 'E-mailadres',
  'login.password': 'Wachtwoord',
  'login.submit': 'Inloggen',
  'login.submitting': 'Bezig met inloggen…',
  'login.error.invalid': 'E-mailadres of wachtwoord onjuist',
  'login.error.tooMany': {
    one: 'Te veel pogingen, probeer het over 1 minuut opnieuw',
    other: 'Te veel pogingen, probeer het over {count} minuten opnieuw',
  },
  'login.error.missing': 'Vul je e-mailadres en wachtwoord in',
  'login.error.network': 'De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.',
  'login.error.unexpected': 'Inloggen lukt nu niet. Probeer het later opnieuw.',

  'home.title': 'Start',
  'home.welcome': 'Welkom, {name}',
  'home.signedInAs': 'Je bent ingelogd als',
  'home.name': 'Naam',
  'home.email': 'E-mailadres',
  'home.role': 'Rol',
  'home.practice': 'Praktijk',
  'home.region': 'Regio',
  'home.signOut': 'Uitloggen',

  'role.poh': 'POH-GGZ',
  'role.peer': 'Ervaringsdeskundige',
  'role.coach': 'Buurtcoach',
  'role.gp': 'Huisarts',
  'role.admin': 'Functioneel beheerder',

  'notFound.title': 'Pagina niet gevonden',
  'notFound.body': 'Deze pagina bestaat niet (meer).',
  'notFound.home': 'Naar de startpagina',

  'error.title': 'Er ging iets mis',
  'error.body': 'Er trad een onverwachte fout op. Herlaad de pagina om het opnieuw te proberen.',
  'error.reload': 'Pagina herladen',
} as const;
