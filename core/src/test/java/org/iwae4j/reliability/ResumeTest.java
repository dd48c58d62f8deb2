package org.iwae4j.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iwae4j.run.MetricsLog;
import org.iwae4j.run.RunDirectory;
import org.iwae4j.testing.Cli;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Classes 7 and 8 of issue 12: a resume that cannot train says so and leaves the record
 * consistent with the run; the training command repeated with --resume is accepted when its
 * options equal the recorded ones, and only real changes are refused, naming both values.
 */
class ResumeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "run at epoch 2 of 2, resume {0}")
    @CsvSource(delimiter = '|', value = {
        "--epochs 1 | 2 | 2 | --epochs 1 is fewer than the 2 epochs",
        "--epochs 0 | 2 | 2 | --epochs must be at least 1",
        "--epochs 2 | 0 | 2 | has trained all 2 of its 2 epochs already: nothing to do",
        "''         | 0 | 2 | has trained all 2 of its 2 epochs already: nothing to do (extend it",
        "--epochs 3 | 0 | 3 | resuming from",
    })
    void aResumeThatCannotTrainSaysSoAndKeepsTheRecord(String epochs, int code, int recordedEpochs, String expected)
            throws Exception {
        Path run = Cli.trainedNpzRun(tmp, 2);
        List<String> args = new ArrayList<>(List.of("train", "--resume", "--out", run.toString(), "--quiet"));
        if (!epochs.isBlank()) {
            args.addAll(List.of(epochs.split(" ")));
        }
        Cli.Outcome o = Cli.run(args.toArray(String[]::new));
        assertEquals(code, o.code(), o.err());
        assertTrue(o.err().contains(expected), "expected '" + expected + "' in: " + o.err());
        assertEquals(recordedEpochs, RunDirectory.open(run).readRecord().config().epochs(), "config.json's epochs");
        assertEquals(recordedEpochs, MetricsLog.read(run.resolve("metrics.jsonl")).size(), "epochs trained");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "the exact command                  | ''                      | 0 | ''",
        "the same learning rate spelt 3e-3  | --lr 0.003              | 0 | ''",
        "the same dataset by another path   | --dataset npz:DIR/./toy.npz | 0 | ''",
        "another k                          | --k 7                   | 2 | --k cannot change on --resume: the run in RUN has 5, the command gives 7",
        "another bound                      | --model vae             | 2 | --model cannot change on --resume: the run in RUN has iwae, the command gives vae",
        "another seed                       | --seed 4                | 2 | --seed cannot change on --resume: the run in RUN has 3, the command gives 4",
        "another latent size                | --latent 3              | 2 | --latent cannot change on --resume: the run in RUN has 2, the command gives 3",
        "another learning rate              | --lr 0.01               | 2 | --lr cannot change on --resume: the run in RUN has 0.003, the command gives 0.01",
        "another dataset                    | --dataset npz:DIR/other.npz | 2 | --dataset cannot change on --resume: the run in RUN has npz:DIR/toy.npz, the command gives npz:DIR/other.npz",
        "another optimizer                  | --optimizer burda       | 2 | --optimizer cannot change on --resume: the run in RUN has adam, the command gives burda",
        "another gradient estimator         | --estimator dreg        | 2 | --estimator cannot change on --resume: the run in RUN has reparam, the command gives dreg",
    })
    void theTrainingCommandRepeatedWithResumeIsAccepted(String name, String change, int code, String expected)
            throws Exception {
        Path npz = Cli.npz(tmp.resolve("toy.npz"), 40, 4, 1);
        Cli.npz(tmp.resolve("other.npz"), 40, 4, 2);
        Path run = tmp.resolve("run");
        List<String> command = Cli.with(Cli.tinyTrain(npz, run, 2), "--k", "5", "--lr", "3e-3");
        Cli.Outcome first = Cli.run(command.toArray(String[]::new));
        assertEquals(0, first.code(), first.err());
        // An interruption after epoch 1: the newest checkpoint is lost.
        Files.delete(run.resolve("checkpoints/epoch-000002.ckpt"));
        List<String> again = change.isBlank() ? command
                : Cli.with(command, change.replace("DIR", tmp.toString()).split(" "));
        again.add("--resume");
        Cli.Outcome o = Cli.run(again.toArray(String[]::new));
        assertEquals(code, o.code(), o.err());
        if (code == 0) {
            assertEquals(2, MetricsLog.read(run.resolve("metrics.jsonl")).size());
            assertTrue(Files.exists(run.resolve("checkpoints/epoch-000002.ckpt")));
        } else {
            String want = "iwae: error: " + expected.replace("RUN", run.toString()).replace("DIR", tmp.toString());
            assertTrue(o.firstErr().startsWith(want), "expected '" + want + "' in: " + o.firstErr());
        }
    }

    /**
     * Issue 16: every setting a run is trained with may be repeated on --resume; before, the
     * options compared on --resume were a hand-written list that missed --optimizer.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "the paper's code's Adam          | --optimizer burda",
        "the paper's schedule             | --schedule paper --optimizer burda",
        "MIWAE's groups                   | --model miwae --m 2",
        "CIWAE's beta                     | --model ciwae --beta 0.25",
        "the Renyi alpha                  | --model vr --alpha 0.2",
        "another estimator, policy, seeds | --estimator dreg --on-non-finite skip --eval-seed 5 --device cpu --keep-checkpoints 4",
    })
    void theCommandOfAnyRunRepeatedWithResumeContinuesIt(String name, String settings) throws Exception {
        Path npz = Cli.npz(tmp.resolve("toy.npz"), 40, 4, 1);
        Path run = tmp.resolve("run");
        List<String> command = Cli.with(Cli.tinyTrain(npz, run, 2), settings.split(" "));
        Cli.Outcome first = Cli.run(command.toArray(String[]::new));
        assertEquals(0, first.code(), first.err());
        Files.delete(run.resolve("checkpoints/epoch-000002.ckpt"));
        command.add("--resume");
        Cli.Outcome o = Cli.run(command.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        assertEquals(2, MetricsLog.read(run.resolve("metrics.jsonl")).size());
        assertTrue(Files.exists(run.resolve("checkpoints/epoch-000002.ckpt")));
    }
}
