/** A titled block of lines in an email or a chat card. */
export interface Section {
  title: string;
  lines: string[];
  /** May lose lines from its end to fit a size limit (evidence, identifiers, labels). */
  cuttable: boolean;
  /** Lines cut so far; the layout says how many. */
  cut: number;
}

/** A section, or none when it has no lines (a section is never shown empty). */
export const sectionOf = (title: string, lines: readonly string[], cuttable = false): Section[] =>
  lines.length === 0 ? [] : [{ title, lines: [...lines], cuttable, cut: 0 }];

/** How a format lays out its sections and measures the result. */
export interface SectionLayout {
  /** One section's text; it should mention `section.cut` when that is not 0. */
  render: (section: Section) => string;
  /** The whole text from the rendered sections (a headline and footer around them). */
  join: (rendered: string[]) => string;
  /** The size the limit is in: UTF-8 bytes for SNS, characters for a chat card. */
  measure: (text: string) => number;
}

/**
 * Lays out `sections`; while the text measures over `max`, drops lines from the end of the
 * largest cuttable section, so a huge evidence value or thousands of labels can never push
 * the headline, the event identity or the footer out of the message.
 * @throws RangeError when even one line per cuttable section does not fit (a caller bug:
 *   every line is built from capped values).
 */
export const layOutWithin = (sections: Section[], layout: SectionLayout, max: number): string => {
  const text = () => layout.join(sections.map(layout.render));
  const size = (s: Section) => layout.measure(layout.render(s));
  for (let excess = layout.measure(text()) - max; excess > 0; excess = layout.measure(text()) - max) {
    const largest = sections.filter((s) => s.cuttable && s.lines.length > 1).sort((a, b) => size(b) - size(a))[0];
    if (largest === undefined) throw new RangeError(`a text of ${layout.measure(text())} cannot be cut to ${max}`);
    // The cut notice grows by a digit or two as lines go; 16 of slack cover it.
    for (let removed = 0; removed < excess + 16 && largest.lines.length > 1; largest.cut += 1) {
      removed += layout.measure(largest.lines.pop() ?? '') + 1;
    }
  }
  return text();
};
