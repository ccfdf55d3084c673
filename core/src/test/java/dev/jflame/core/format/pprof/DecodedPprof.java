package dev.jflame.core.format.pprof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A pprof profile decoded by {@link OfficialPprof}, read through the official schema's field names
 * only, with its samples' stacks rebuilt as collapsed lines. Not thread-safe.
 */
public final class DecodedPprof {
    /** One sample: location ids leaf first, values, and labels by key. */
    public static final class Sample {
        public final List<Long> locationIds = new ArrayList<>();
        public final List<Long> values = new ArrayList<>();
        public final Map<String, String> labels = new HashMap<>();
        public final Map<String, Long> numLabels = new HashMap<>();
    }

    final DynamicMessage profile;
    final List<String> strings = new ArrayList<>();
    final Map<Long, Long> functionOfLocation = new HashMap<>();
    final Map<Long, String> functionNames = new HashMap<>();
    public final List<Sample> samples = new ArrayList<>();

    public DecodedPprof(DynamicMessage profile) {
        this.profile = profile;
        for (Object s : list("string_table")) {
            strings.add((String) s);
        }
        for (Object o : list("function")) {
            Message f = (Message) o;
            long id = (Long) field(f, "id");
            assertEquals(field(f, "name"), field(f, "system_name"));
            assertEquals(null, functionNames.put(id, string(field(f, "name"))), "function id " + id + " twice");
        }
        for (Object o : list("location")) {
            Message l = (Message) o;
            List<?> lines = (List<?>) field(l, "line");
            assertEquals(1, lines.size(), "one line per location");
            long id = (Long) field(l, "id");
            assertTrue(id != 0);
            assertEquals(null, functionOfLocation.put(id, (Long) field((Message) lines.get(0), "function_id")));
        }
        for (Object o : list("sample")) {
            Message m = (Message) o;
            Sample s = new Sample();
            for (Object id : (List<?>) field(m, "location_id")) {
                s.locationIds.add((Long) id);
            }
            for (Object v : (List<?>) field(m, "value")) {
                s.values.add((Long) v);
            }
            for (Object l : (List<?>) field(m, "label")) {
                Message label = (Message) l;
                String key = string(field(label, "key"));
                long str = (Long) field(label, "str");
                if (str != 0) {
                    assertEquals(null, s.labels.put(key, strings.get((int) str)), "label " + key + " twice");
                } else {
                    assertEquals(null, s.numLabels.put(key, (Long) field(label, "num")), "label " + key + " twice");
                }
            }
            samples.add(s);
        }
    }

    public List<?> list(String name) {
        return (List<?>) field(profile, name);
    }

    public long longField(String name) {
        return (Long) field(profile, name);
    }

    static Object field(Message m, String name) {
        return m.getField(m.getDescriptorForType().findFieldByName(name));
    }

    String string(Object index) {
        return strings.get((int) (long) (Long) index);
    }

    String valueType(Message vt) {
        return string(field(vt, "type")) + "/" + string(field(vt, "unit"));
    }

    /** The profile's comments (what {@code go tool pprof -comments} prints), in order. */
    public List<String> comments() {
        List<String> c = new ArrayList<>();
        for (Object index : list("comment")) {
            c.add(string(index));
        }
        return c;
    }

    public List<String> sampleTypes() {
        List<String> types = new ArrayList<>();
        for (Object o : list("sample_type")) {
            types.add(valueType((Message) o));
        }
        return types;
    }

    Set<String> functionNames() {
        return new HashSet<>(functionNames.values());
    }

    String name(long locationId) {
        Long f = functionOfLocation.get(locationId);
        assertNotNull(f, "location " + locationId);
        String n = functionNames.get(f);
        assertNotNull(n, "function " + f);
        return n;
    }

    /** The collapsed line of a sample: root first, with the folded format's separators replaced as it does. */
    public String stack(Sample s) {
        StringBuilder b = new StringBuilder();
        for (int i = s.locationIds.size() - 1; i >= 0; i--) {
            if (b.length() > 0) {
                b.append(';');
            }
            b.append(name(s.locationIds.get(i)).replace(';', ':').replace('\n', ' ').replace('\r', ' '));
        }
        return b.toString();
    }

    public String leaf(Sample s) {
        return name(s.locationIds.get(0));
    }

    public Map<String, Long> collapsed() {
        Map<String, Long> lines = new TreeMap<>();
        for (Sample s : samples) {
            lines.merge(stack(s), s.values.get(0), Long::sum);
        }
        return lines;
    }

    public long totalCount() {
        long sum = 0;
        for (Sample s : samples) {
            sum += s.values.get(0);
        }
        return sum;
    }

    public Set<String> labelValues(String key) {
        Set<String> values = new HashSet<>();
        for (Sample s : samples) {
            if (s.labels.containsKey(key)) {
                values.add(s.labels.get(key));
            }
        }
        return values;
    }

    public Set<Long> numLabelValues(String key) {
        Set<Long> values = new HashSet<>();
        for (Sample s : samples) {
            if (s.numLabels.containsKey(key)) {
                values.add(s.numLabels.get(key));
            }
        }
        return values;
    }

    public List<Sample> samplesWhere(String key, String value) {
        List<Sample> found = new ArrayList<>();
        for (Sample s : samples) {
            if (value.equals(s.labels.get(key))) {
                found.add(s);
            }
        }
        return found;
    }
}
