package org.iwae4j.run;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.iwae4j.common.UserError;
import org.iwae4j.data.Dataset;
import org.iwae4j.data.DatasetSplits;
import org.iwae4j.data.Datasets;

/**
 * The data a run is resumed, evaluated or plotted on must be the data it was trained on: the
 * SHA-256 of every file, as recorded in config.json when the run started, is compared with the
 * files as they are now before they are used.
 */
public final class DataCheck {
    private DataCheck() {}

    /** What to do when the files differ from the record. */
    public enum Policy {
        /** Refuse with {@link DataChangedException}. */
        VERIFY,
        /** Use the files as they are, warn, and record the change where the command writes. */
        ACCEPT_CHANGED
    }

    /**
     * A data file that differs from the run's record.
     *
     * @param file the file, as recorded
     * @param recorded its digest when the run started ({@code none} if it was not there)
     * @param now its digest now ({@code missing} if it is gone)
     * @param acceptedAt when the change was accepted, or null
     */
    public record Change(String file, String recorded, String now, String acceptedAt) {
        /** @return this change, marked as accepted now */
        public Change accepted() {
            return new Change(file, recorded, now, Instant.now().toString());
        }
    }

    /** Data checked against the record, and the differences that were accepted. */
    public record Verified(DatasetSplits data, List<Change> acceptedChanges) {}

    /**
     * The differences between the recorded digests and the files now.
     *
     * @param record the run's record
     * @param dataDir where named datasets live
     * @return one change per differing file; empty when the data is as recorded or nothing was recorded
     */
    public static List<Change> changes(RunRecord record, Path dataDir) {
        Map<String, String> recorded = record.dataFiles();
        if (recorded == null || recorded.isEmpty()) {
            return List.of(); // in-memory data: nothing was recorded, nothing can be checked
        }
        Dataset dataset = Datasets.byName(record.config().dataset());
        Map<String, String> now = dataset.fileDigests(dataDir);
        List<Change> changes = new ArrayList<>();
        for (String file : new TreeSet<>(union(recorded, now))) {
            String before = recorded.getOrDefault(file, "none");
            String after = now.getOrDefault(file, "missing");
            if (!before.equals(after)) {
                changes.add(new Change(file, before, after, null));
            }
        }
        return changes;
    }

    private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
        java.util.Set<String> keys = new java.util.HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    /**
     * Loads the run's data after checking it against the record.
     *
     * @param record the run's record
     * @param dataDir where named datasets live
     * @param policy refuse changed data, or accept it
     * @param warnings hears of accepted changes
     * @return the data and the changes accepted
     * @throws DataChangedException when a file differs and the policy is {@link Policy#VERIFY}
     */
    public static Verified load(RunRecord record, Path dataDir, Policy policy, Consumer<String> warnings) {
        List<Change> changes = changes(record, dataDir);
        if (policy == Policy.VERIFY) {
            decide(changes, policy, warnings); // refused on the digests, before anything is read
        }
        // accepted files that cannot serve this model at all are refused as such, before any warning
        DatasetSplits data = checkImageSize(record, Datasets.byName(record.config().dataset()).load(dataDir));
        return new Verified(data, policy == Policy.VERIFY ? List.of() : decide(changes, policy, warnings));
    }

    /**
     * Data whose images are not of the size the run's model takes cannot be used with it: accepting
     * changed data accepts other images, not another model.
     *
     * @param record the run's record
     * @param data the data as it is now
     * @return the data
     * @throws UserError naming the dataset and both sizes
     */
    public static DatasetSplits checkImageSize(RunRecord record, DatasetSplits data) {
        int takes = record.architecture().inputDim();
        for (String split : List.of("train", "validation", "test")) {
            org.iwae4j.data.ImageSet set = data.split(split);
            if (set.dimension() != takes) {
                throw new UserError(record.config().dataset() + ": its " + split + " images are " + set.height()
                        + "x" + set.width() + " (" + set.dimension() + " pixels), the run's model takes " + takes
                        + ": data of another image size cannot be used with this run");
            }
        }
        return data;
    }

    /**
     * Checks the run's data against the record without loading it.
     *
     * @return the changes accepted (empty unless the policy accepts them)
     * @throws DataChangedException when a file differs and the policy is {@link Policy#VERIFY}
     */
    public static List<Change> verify(RunRecord record, Path dataDir, Policy policy, Consumer<String> warnings) {
        return decide(changes(record, dataDir), policy, warnings);
    }

    private static List<Change> decide(List<Change> changes, Policy policy, Consumer<String> warnings) {
        if (changes.isEmpty()) {
            return List.of();
        }
        if (policy == Policy.VERIFY) {
            throw new DataChangedException(changes);
        }
        List<Change> accepted = new ArrayList<>();
        for (Change c : changes) {
            warnings.accept("warning: " + c.file() + " differs from the run's record (recorded sha256 " + c.recorded()
                    + ", now " + c.now() + "); used as it is, as asked");
            accepted.add(c.accepted());
        }
        return accepted;
    }

    /** Data files that differ from a run's record; the message names the file, both digests and the way out. */
    public static final class DataChangedException extends UserError {
        private final List<Change> changes;

        DataChangedException(List<Change> changes) {
            super(describe(changes, "acceptChangedData"));
            this.changes = List.copyOf(changes);
        }

        /** @return the differing files */
        public List<Change> changes() {
            return changes;
        }

        /**
         * @param override how the caller's users accept changed data, e.g. a flag
         * @return the message with that way out
         */
        public String describe(String override) {
            return describe(changes, override);
        }

        private static String describe(List<Change> changes, String override) {
            Change c = changes.get(0);
            String what = c.now().equals("missing") ? "is gone" : c.recorded().equals("none") ? "is new"
                    : "changed since the run was trained on it";
            return c.file() + " " + what + " (recorded sha256 " + c.recorded() + ", now " + c.now() + ")"
                    + (changes.size() > 1 ? " and " + (changes.size() - 1) + " more file(s) differ" : "")
                    + ": restore the run's data, or use the files as they are with " + override
                    + " (recorded in the run)";
        }
    }
}
