package org.iwae4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iwae4j.common.AtomicFiles;
import org.iwae4j.common.Torch;
import org.iwae4j.common.UserError;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.api.RunModels;
import org.iwae4j.api.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a run's trained weights for NumPy or PyTorch (numpy.load(...)).",
            "Names: q1 = q(h1|x), q2 = q(h2|h1), p1 = p(h1|h2), px = p(x|h1); each block has " +
                "hidden0, hidden1 (tanh) and its output layer: mean and log_sigma for Gaussians, out for the Bernoulli logits.",
            "Weights are [out, in] (PyTorch's nn.Linear layout): y = x @ W.T + b."})
final class ExportCommand extends IwaeCommand {
    private static final Pattern GAUSSIAN_HEAD = Pattern.compile("(q\\d+|p\\d+)\\.out\\.(weight|bias)");

    @Parameters(paramLabel = "RUN", description = "Run directory.")
    Path run;

    @Option(names = "--format", defaultValue = "npz", description = "npz (the only format so far). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: RUN/weights.npz).")
    Path out;

    @Mixin
    CheckpointOption checkpoint;

    @Override
    public Integer call() {
        if (!"npz".equals(format)) {
            throw new UserError("unknown export format '" + format + "' (known: npz)");
        }
        RunDirectory dir = RunDirectory.open(run);
        Path target = out != null ? out : run.resolve("weights.npz");
        AtomicFiles.removeStaleTemporaries(target.toAbsolutePath().getParent());
        AtomicFiles.checkWritable(target);
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            TrainedModel trained = RunModels.load(dir, checkpoint.chosen(), manager, err()::println);
            NDList arrays = new NDList();
            for (Map.Entry<String, NDArray> e : RunModels.network(trained).parameters().byName().entrySet()) {
                Matcher m = GAUSSIAN_HEAD.matcher(e.getKey());
                if (m.matches()) {
                    NDList halves = e.getValue().split(2, 0);
                    arrays.add(named(halves.get(0), m.group(1) + ".mean." + m.group(2)));
                    arrays.add(named(halves.get(1), m.group(1) + ".log_sigma." + m.group(2)));
                } else {
                    arrays.add(named(e.getValue(), e.getKey()));
                }
            }
            AtomicFiles.write(target, o -> arrays.encode(o, NDList.Encoding.NPZ));
            for (NDArray a : arrays) {
                out().printf("  %-22s %s%n", a.getName(), a.getShape());
            }
            out().println("wrote " + target + " (epoch " + trained.epoch() + ")");
        }
        return 0;
    }

    private static NDArray named(NDArray array, String name) {
        NDArray copy = array.duplicate();
        copy.setName(name);
        return copy;
    }
}
