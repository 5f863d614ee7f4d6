/**
 * Writes the source fixtures in fixtures/sources/ (`npm run fixtures:sources`):
 *
 * - survey-themes.json — real: the 25 "grandes retos" of Imagina tu Ciudad's question 26 and the
 *   questions whose results pages showed word counts, from the copied participation CSVs;
 * - documented-petitions.json — real: the one petition the published facts describe (green space);
 * - sample-petitions.json and sample-meetings.json — GENERATED example data, marked `sample: true`
 *   and "Ejemplo" in title and summary, from a seeded PRNG so that every run writes the same bytes.
 *   No public list of the 2016 petitions exists; the population matches the published totals:
 *   341 petitions with the documented one, more than 400,000 signatures, exactly 4 that reached
 *   50,000 and exactly 12 that reached 10,000 ("reached" is ≥, as thresholdLevelReached counts).
 *   Every title is different and tells itself apart near its start (place, then subject; for
 *   meetings place and day): people pick sources from lists of titles, and titles that differ only
 *   at their end once got a 24-signature petition linked instead of a 56,640-signature one.
 *   External references never change, so re-importing the files updates an installation in place.
 *
 * The fixtures are committed; the server loads them on first start (server/sources/seed-sources.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../server/sources/csv-parser.ts';
import type { SourceInput } from '../server/storage/source-store.ts';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/sources/', import.meta.url));
export const PUBLISHED_TOTALS = { petitions: 341, minSignatures: 400_001, reached50k: 4, reached10k: 12, minMeetings: 100 } as const;
const SEED = 20160330;
const CAMPAIGN = { from: '2016-03-30', to: '2016-09-01' } as const;
const MEETINGS = { count: 120, from: '2016-04-02', to: '2016-09-15' } as const;
const SURVEY_SOURCE = 'https://github.com/pcuervo/wp-constitucion/tree/0c3642639c5ba83539babad696aa938c84eb7aae';

/** mulberry32: small, fast and good enough to make plausible example data reproducible. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const between = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  return { next, between, pick };
}

function csvObjects(file: string): Record<string, string>[] {
  const { records, errors } = parseCsv(readFileSync(path.join(FIXTURE_DIR, file), 'utf8'));
  if (errors.length > 0) throw new Error(`${file}: ${errors.map((e) => `line ${e.line}: ${e.reason}`).join('; ')}`);
  const [header, ...rows] = records;
  if (!header) throw new Error(`${file} is empty`);
  return rows.map((row) => Object.fromEntries(header.fields.map((name, i) => [name, row.fields[i] ?? ''])));
}

const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const isoOfDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

// ——— real: survey themes ———

/** Short theme names for the questions whose results pages showed word counts. */
const QUESTION_THEMES: Record<string, string> = {
  '25': 'La Ciudad de México en tres palabras',
  '28': 'La CDMX ideal en 20 años',
  '29': 'Obstáculos para la ciudad imaginada',
  '32': 'Lo más valioso de la CDMX',
};

export function surveyThemes(): SourceInput[] {
  const questions = csvObjects('imagina_tu_ciudad_preguntas.csv');
  const q26 = questions.find((q) => q.form_question_id === '26')?.question_text;
  if (!q26) throw new Error('question 26 is missing from imagina_tu_ciudad_preguntas.csv');
  const retos = csvObjects('imagina_tu_ciudad_grandes_retos.csv').filter((r) => r.reto !== 'Otro');
  if (retos.length !== 25) throw new Error(`expected 25 grandes retos besides "Otro", found ${retos.length}`);
  const themes: SourceInput[] = retos.map((r) => ({
    kind: 'survey_theme',
    externalRef: `imagina-tu-ciudad/q26/reto-${String(r.order).padStart(2, '0')}`,
    title: r.reto ?? '',
    summary:
      `Uno de los 25 «grandes retos» que la encuesta Imagina tu Ciudad (2016) ofrecía en la pregunta 26. ` +
      'Los totales de respuestas por reto no se publicaron, por eso no se indica un número.',
    url: SURVEY_SOURCE,
    sample: false,
    details: { theme: r.reto ?? '', question: q26, responses: null, sampleResponses: [] },
  }));
  for (const q of questions) {
    const theme = q.form_question_id ? QUESTION_THEMES[q.form_question_id] : undefined;
    if (!theme || !q.question_text) continue;
    const shown = q.results_page_shows_word_counts === 'yes' ? 'mostraba las palabras más frecuentes' : 'mostraba solo el número de respuestas';
    themes.push({
      kind: 'survey_theme',
      externalRef: `imagina-tu-ciudad/q${q.form_question_id}`,
      title: theme,
      summary: `Pregunta ${q.form_question_id} de la encuesta Imagina tu Ciudad (2016). Su página de resultados ${shown}; esos resultados no se conservaron, por eso no se indica un número.`,
      url: SURVEY_SOURCE,
      sample: false,
      details: { theme, question: q.question_text, responses: null, sampleResponses: [] },
    });
  }
  return themes;
}

// ——— real: documented petitions ———

export function documentedPetitions(): SourceInput[] {
  const fact = csvObjects('participation_facts.csv').find((f) => f.metric?.startsWith('green space petition'));
  if (!fact?.source_url || !fact.value?.includes('>50000')) throw new Error('the green-space petition fact (">50000" signatures) is missing from participation_facts.csv');
  return [
    {
      kind: 'petition',
      externalRef: 'documented/green-space-9-2-m2',
      title: 'Área verde mínima de 9.2 m² por habitante',
      summary:
        'Petición en change.org que pidió garantizar en la Constitución un mínimo de 9.2 m² de área verde por habitante ' +
        '(el mínimo de la OMS ronda los 9 m²). Empezó con unas 600 firmas, pasó el umbral de 10,000, tenía unas 39,000 en noviembre ' +
        'de 2016 y después más de 50,000: se registra 50,000, la cifra mínima publicada. El título es descriptivo (no se conserva el original). ' +
        'Las fuentes no coinciden sobre si el texto final la incorporó.',
      url: fact.source_url,
      sample: false,
      details: { signatures: 50_000, openedOn: null },
    },
  ];
}

// ——— generated: petitions ———

/** The sixteen alcaldías: where sample petitions come from and sample meetings take place. */
const ALCALDIAS = [
  'Álvaro Obregón', 'Azcapotzalco', 'Benito Juárez', 'Coyoacán', 'Cuajimalpa de Morelos', 'Cuauhtémoc', 'Gustavo A. Madero', 'Iztacalco',
  'Iztapalapa', 'La Magdalena Contreras', 'Miguel Hidalgo', 'Milpa Alta', 'Tláhuac', 'Tlalpan', 'Venustiano Carranza', 'Xochimilco',
];

/** The themes the press found most present among the petitions, plus the best-known ones. */
const PETITION_THEMES: readonly { theme: string; titles: readonly string[] }[] = [
  { theme: 'administración pública', titles: ['Una administración pública sin trámites duplicados', 'Ventanilla única para todos los trámites', 'Servicio profesional de carrera en la administración', 'Evaluación ciudadana de los servicios públicos'] },
  { theme: 'salarios de los políticos', titles: ['Tope a los salarios de diputados y funcionarios', 'Que ningún funcionario gane más que el Jefe de Gobierno', 'Eliminar bonos y seguros de gastos médicos privados de los políticos', 'Sueldos públicos publicados cada mes'] },
  { theme: 'perfil de altos funcionarios', titles: ['Requisitos de experiencia para los altos funcionarios', 'Examen público para titulares de dependencias', 'Declaración patrimonial y de intereses obligatoria'] },
  { theme: 'gasto público', titles: ['Presupuesto participativo con reglas claras', 'Límites al gasto en publicidad oficial', 'Cuentas abiertas del gasto de cada alcaldía', 'Licitaciones públicas transmitidas en línea'] },
  { theme: 'movilidad', titles: ['Movilidad eficiente, accesible y ecológica', 'Prioridad al peatón en la vía pública', 'Red de ciclovías conectadas y seguras', 'Transporte público accesible para personas con discapacidad', 'Banquetas libres y continuas'] },
  { theme: 'medio ambiente', titles: ['Calidad del aire como derecho', 'Medidas permanentes ante la contingencia ambiental', 'Protección del suelo de conservación', 'Reducción de residuos y separación obligatoria'] },
  { theme: 'áreas verdes', titles: ['Más parques en las colonias que no los tienen', 'Protección de los árboles urbanos', 'Azoteas verdes en edificios públicos'] },
  { theme: 'agua', titles: ['Derecho al agua potable en todas las colonias', 'Captación de agua de lluvia en escuelas', 'Reparar las fugas antes de traer más agua'] },
  { theme: 'derechos humanos', titles: ['Derechos de los pueblos y barrios originarios', 'Igualdad sustantiva entre mujeres y hombres', 'LGBTTTI: derechos sin discriminación', 'Cuidados y derechos de las personas mayores'] },
  { theme: 'participación ciudadana', titles: ['Consulta ciudadana vinculante', 'Revocación de mandato', 'Iniciativa ciudadana con menos firmas'] },
];
const WHOLE_CITY = 'toda la ciudad';

function petitionSummary(theme: string, place: string, title: string): string {
  const where = place === WHOLE_CITY ? 'toda la ciudad' : `la alcaldía ${place}`;
  return `Ejemplo: petición generada para las pruebas y demostraciones de Carta, no es una petición real. Tema: ${theme}. Lugar: ${where}. Pide: ${title.charAt(0).toLowerCase()}${title.slice(1)}.`;
}

/**
 * The first (subject, place) pair not yet used, trying the preferred place first, then the next
 * places, then the theme's next subjects: so that no two petitions share a title.
 */
function freeTitle(subjects: readonly string[], preferred: { subject: number; place: number }, places: readonly string[], used: Set<string>): { subject: string; place: string } {
  for (let s = 0; s < subjects.length; s++) {
    const subject = subjects[(preferred.subject + s) % subjects.length] ?? '';
    for (let p = 0; p < places.length; p++) {
      const place = places[(preferred.place + p) % places.length] ?? '';
      if (!used.has(`${place}|${subject}`)) return { subject, place };
    }
  }
  throw new Error(`more petitions than distinct titles for "${subjects[0]}"`);
}

/** The signature counts: exact counts at the thresholds, a long tail below, total checked after. */
function signatureCounts(random: ReturnType<typeof seeded>, sampleCount: number, documented: readonly number[]): number[] {
  const reached50k = PUBLISHED_TOTALS.reached50k - documented.filter((n) => n >= 50_000).length;
  const reached10k = PUBLISHED_TOTALS.reached10k - PUBLISHED_TOTALS.reached50k - documented.filter((n) => n >= 10_000 && n < 50_000).length;
  const counts: number[] = [];
  for (let i = 0; i < reached50k; i++) counts.push(random.between(50_500, 58_000));
  for (let i = 0; i < reached10k; i++) counts.push(random.between(10_200, 18_000));
  for (let i = 0; i < 6; i++) counts.push(random.between(5_000, 9_800));
  while (counts.length < sampleCount) {
    // Most petitions gathered few signatures: a log-uniform tail from 2 to 1,500.
    counts.push(Math.round(Math.exp(Math.log(2) + random.next() * (Math.log(1_500) - Math.log(2)))));
  }
  return counts;
}

export function samplePetitions(documented: readonly SourceInput[]): SourceInput[] {
  const random = seeded(SEED);
  const documentedSignatures = documented.flatMap((s) => (s.kind === 'petition' ? [s.details.signatures] : []));
  const count = PUBLISHED_TOTALS.petitions - documentedSignatures.length;
  const signatures = signatureCounts(random, count, documentedSignatures);
  const from = dayNumber(CAMPAIGN.from);
  const to = dayNumber(CAMPAIGN.to);
  const places = [WHOLE_CITY, ...ALCALDIAS];
  const used = new Set<string>();
  return signatures.map((n, i) => {
    const { theme, titles } = random.pick(PETITION_THEMES);
    // Three draws per petition before its date, as in earlier versions of this file, so that every
    // sample petition keeps its signatures and date: only titles and summaries changed.
    const preferred = { subject: random.between(0, titles.length - 1), place: random.between(0, places.length - 1) };
    const { subject, place } = freeTitle(titles, preferred, places, used);
    used.add(`${place}|${subject}`);
    return {
      kind: 'petition',
      externalRef: `sample/petition-${String(i + 1).padStart(3, '0')}`,
      title: `Ejemplo (${place}): ${subject}`,
      summary: petitionSummary(theme, place, subject),
      url: null,
      sample: true,
      details: { signatures: n, openedOn: isoOfDay(random.between(from, to)) },
    };
  });
}

// ——— generated: meetings ———

/** Invented collectives: organisers are always groups, never private persons. */
const ORGANISERS = [
  'Colectivo Ciudad Caminable', 'Red Vecinal del Centro', 'Asamblea de Barrio de Santa Úrsula', 'Colectivo Bici Sur', 'Jóvenes por la Constitución',
  'Consejo de Pueblos Originarios (ejemplo)', 'Red de Mujeres Constituyentes', 'Colectivo Agua Viva', 'Asociación de Comerciantes del Mercado (ejemplo)',
  'Frente Estudiantil por la Ciudad', 'Colectivo Árbol Urbano', 'Red de Personas Mayores Activas', 'Observatorio Ciudadano del Gasto (ejemplo)',
  'Colectivo Diversidad CDMX', 'Comité Vecinal de la Unidad Habitacional (ejemplo)',
];
const VENUES = ['Casa de cultura', 'Biblioteca pública', 'Explanada de la delegación', 'Centro comunitario', 'Auditorio escolar', 'Mercado público', 'Parque'];
const MEETING_TOPICS = [
  { topic: 'movilidad', agreement: 'priorizar al peatón y al transporte público, y pedir ciclovías conectadas' },
  { topic: 'derechos de los pueblos indígenas', agreement: 'reconocer a los pueblos y barrios originarios y su derecho a la consulta' },
  { topic: 'agua', agreement: 'garantizar agua potable todos los días y reparar fugas' },
  { topic: 'espacio público', agreement: 'recuperar plazas y banquetas para el uso de todas las personas' },
  { topic: 'medio ambiente', agreement: 'proteger el suelo de conservación y la calidad del aire' },
  { topic: 'participación ciudadana', agreement: 'hacer vinculantes las consultas y el presupuesto participativo' },
  { topic: 'igualdad de género', agreement: 'incluir la igualdad sustantiva y una vida libre de violencia' },
  { topic: 'transparencia', agreement: 'publicar el gasto y los sueldos públicos en datos abiertos' },
  { topic: 'vivienda', agreement: 'reconocer el derecho a una vivienda adecuada y frenar el desplazamiento' },
  { topic: 'juventudes', agreement: 'abrir espacios de participación a personas jóvenes desde los 16 años' },
];

const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

/** "14 de mayo" for 2016-05-14 (every sample meeting is in 2016, so the year is left out). */
function spanishDay(iso: string): string {
  return `${Number(iso.slice(8, 10))} de ${MONTHS[Number(iso.slice(5, 7)) - 1] ?? ''}`;
}

export function sampleMeetings(): SourceInput[] {
  const random = seeded(SEED + 1);
  const from = dayNumber(MEETINGS.from);
  const to = dayNumber(MEETINGS.to);
  // One meeting per alcaldía and day, so that place and day, at the start of the title, tell every
  // meeting apart; a meeting drawn on a taken day moves to the next free one.
  const taken = new Set<string>();
  return Array.from({ length: MEETINGS.count }, (_, i): SourceInput => {
    const organiser = random.pick(ORGANISERS);
    const alcaldia = random.pick(ALCALDIAS);
    const { topic, agreement } = random.pick(MEETING_TOPICS);
    const attendees = random.between(12, 160);
    let day = random.between(from, to);
    while (taken.has(`${alcaldia}|${day}`)) day++;
    taken.add(`${alcaldia}|${day}`);
    const date = isoOfDay(day);
    return {
      kind: 'meeting',
      externalRef: `sample/meeting-${String(i + 1).padStart(3, '0')}`,
      title: `Ejemplo (${alcaldia}, ${spanishDay(date)}): encuentro ciudadano sobre ${topic}`,
      summary: `Ejemplo: encuentro generado para las pruebas y demostraciones de Carta, no es un encuentro real. Tema: ${topic}.`,
      url: null,
      sample: true,
      details: {
        date,
        organiser,
        place: `${random.pick(VENUES)}, ${alcaldia}`,
        topic,
        attendees,
        minutes:
          `Acta de ejemplo. Asistieron ${attendees} personas convocadas por ${organiser}. ` +
          `Se discutió ${topic} en ${alcaldia}. Acuerdo: ${agreement}. Se enviará la propuesta al grupo redactor.`,
      },
    };
  });
}

/** Every fixture file's content, by file name. */
export function sourceFixtures(): Record<string, SourceInput[]> {
  const documented = documentedPetitions();
  return {
    'survey-themes.json': surveyThemes(),
    'documented-petitions.json': documented,
    'sample-petitions.json': samplePetitions(documented),
    'sample-meetings.json': sampleMeetings(),
  };
}

/** The published totals the petitions must match; throws naming the first that does not hold. */
export function checkPublishedTotals(petitions: readonly SourceInput[], meetings: readonly SourceInput[]): void {
  const signatures = petitions.flatMap((s) => (s.kind === 'petition' ? [s.details.signatures] : []));
  const total = signatures.reduce((sum, n) => sum + n, 0);
  const failures = [
    signatures.length !== PUBLISHED_TOTALS.petitions && `${signatures.length} petitions, not ${PUBLISHED_TOTALS.petitions}`,
    total < PUBLISHED_TOTALS.minSignatures && `${total} signatures, not over 400,000`,
    signatures.filter((n) => n >= 50_000).length !== PUBLISHED_TOTALS.reached50k && 'not exactly 4 petitions reached 50,000',
    signatures.filter((n) => n >= 10_000).length !== PUBLISHED_TOTALS.reached10k && 'not exactly 12 petitions reached 10,000',
    meetings.length < PUBLISHED_TOTALS.minMeetings && `${meetings.length} meetings, not 100+`,
  ].filter((failure): failure is string => typeof failure === 'string');
  if (failures.length > 0) throw new Error(`the fixtures do not match the published totals: ${failures.join('; ')}`);
}

function main(): void {
  const fixtures = sourceFixtures();
  checkPublishedTotals([...(fixtures['documented-petitions.json'] ?? []), ...(fixtures['sample-petitions.json'] ?? [])], fixtures['sample-meetings.json'] ?? []);
  for (const [file, sources] of Object.entries(fixtures)) {
    writeFileSync(path.join(FIXTURE_DIR, file), `${JSON.stringify(sources, null, 2)}\n`);
    console.log(`wrote fixtures/sources/${file} (${sources.length} sources)`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
