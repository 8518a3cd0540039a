// The voting-advice matching method, computed on the citizen's device: nothing here talks to a
// server. The same method as chalicelib/advice/matching.py (the reference); both are tested
// against tests/vectors/advice_matching.json, so they give the same points and percentages.
//
// For every statement the citizen answered (skipped ones are ignored): 2 points when the
// contender's stance is the citizen's, 1 when exactly one of the two is neutral, 0 when opposite
// or unanswered by the contender; an important statement counts double. The percentage is
// rounded half up with integers only; a contender with no stance on any counted statement has
// none. Best first; ties (and those without a percentage, last) keep the given ballot order.

const VALUE = { agree: 1, neutral: 0, disagree: -1 };

export function statementPoints(citizen, contender) {
  if (!contender) return 0;
  return 2 - Math.abs(VALUE[citizen] - VALUE[contender]);
}

/**
 * answers: [{ statement, stance: "agree" | "neutral" | "disagree" | null, important }]
 * contenders: [{ id, stances: { [statement]: stance } }] in ballot order.
 * Returns [{ contender_id, points, max_points, percent (integer or null), counted }], best first.
 */
export function match(answers, contenders) {
  const counted = answers.filter((a) => a.stance);
  const maxPoints = counted.reduce((sum, a) => sum + 2 * (a.important ? 2 : 1), 0);
  const results = contenders.map((contender, order) => {
    let points = 0;
    let answeredAny = false;
    for (const answer of counted) {
      const stance = contender.stances[answer.statement] || null;
      answeredAny = answeredAny || Boolean(stance);
      points += statementPoints(answer.stance, stance) * (answer.important ? 2 : 1);
    }
    const percent = maxPoints && answeredAny ? Math.floor((200 * points + maxPoints) / (2 * maxPoints)) : null;
    return { contender_id: contender.id, points, max_points: maxPoints, percent, counted: counted.length, order };
  });
  const unranked = (r) => (r.percent === null ? 1 : 0);
  results.sort((a, b) => unranked(a) - unranked(b) || b.points - a.points || a.order - b.order);
  return results.map(({ order, ...result }) => result);
}

// The answers in a share link, one character per statement in order: a (de acuerdo),
// n (neutral), d (en desacuerdo), "-" (skipped); upper case marks an important statement.
const CODE = { agree: "a", neutral: "n", disagree: "d" };
const STANCE = { a: "agree", n: "neutral", d: "disagree" };

export function encodeAnswers(answers) {
  return answers
    .map((a) => {
      const letter = a.stance ? CODE[a.stance] : "-";
      return a.important && a.stance ? letter.toUpperCase() : letter;
    })
    .join("");
}

/** The answers a share link carries for `statements` (numbers in order); unknown characters are skipped. */
export function decodeAnswers(code, statements) {
  const letters = String(code || "");
  return statements.map((number, index) => {
    const letter = letters[index] || "-";
    const stance = STANCE[letter.toLowerCase()] || null;
    return { statement: number, stance, important: Boolean(stance) && letter !== letter.toLowerCase() };
  });
}
