package dev.jflame.core.format.collapsed;

import dev.jflame.core.diff.ProfileDiff;
import dev.jflame.core.format.DiffWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A diff in folded form, as Brendan Gregg's {@code difffolded.pl} writes it: {@code stack base new}, one
 * line per stack either side has, sorted; {@code flamegraph.pl} draws it. The counts are raw, each line's
 * exactly what {@link CollapsedWriter} writes for that stack from each input (0 where it has none):
 * normalising is the reader's call ({@code difffolded.pl -n} scales the base to the new total). Stateless
 * and thread-safe.
 */
public final class CollapsedDiffWriter implements DiffWriter {

    @Override
    public void write(ProfileDiff diff, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        for (Map.Entry<String, long[]> e : lines(diff).entrySet()) {
            w.write(e.getKey());
            w.write(' ');
            w.write(Long.toString(e.getValue()[0]));
            w.write(' ');
            w.write(Long.toString(e.getValue()[1]));
            w.write('\n');
        }
        w.flush();
    }

    /** Stack to {base, new} sample counts, the lines this writer prints. */
    public Map<String, long[]> lines(ProfileDiff diff) {
        CollapsedWriter folded = new CollapsedWriter();
        Map<String, long[]> lines = new TreeMap<>();
        for (Map.Entry<String, Long> e : folded.lines(diff.base()).entrySet()) {
            lines.computeIfAbsent(e.getKey(), k -> new long[2])[0] = e.getValue();
        }
        for (Map.Entry<String, Long> e : folded.lines(diff.next()).entrySet()) {
            lines.computeIfAbsent(e.getKey(), k -> new long[2])[1] = e.getValue();
        }
        return lines;
    }
}
