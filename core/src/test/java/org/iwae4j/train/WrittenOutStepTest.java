package org.iwae4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.iwae4j.common.Torch;
import org.iwae4j.data.Binarization;
import org.iwae4j.data.BinarizedSet;
import org.iwae4j.model.Architecture;
import org.iwae4j.model.Autoencoder;
import org.iwae4j.model.Parameters;
import org.iwae4j.objective.Estimator;
import org.iwae4j.objective.GradientEstimator;
import org.iwae4j.objective.Objective;
import org.iwae4j.objective.Objectives;
import org.iwae4j.objective.Reparameterized;
import org.iwae4j.optim.Adam;
import org.iwae4j.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The written-out step against the general path: on the same minibatch and the same draws (one
 * torch seed), the same bound and the same gradient of every parameter array, to 1e-5 relative, for
 * every configuration the fast path covers; and it refuses the others.
 */
class WrittenOutStepTest {

    @ParameterizedTest(name = "{0} k={1}, {2} layer(s), {3}")
    @CsvSource({
        "vae,1,1,tiny", "vae,3,1,tiny", "iwae,5,1,tiny", "vae,3,2,tiny", "iwae,4,2,tiny",
        "vae,1,1,paper", "iwae,50,1,paper", "iwae,5,2,paper", "vae,5,2,paper",
    })
    void sameBoundAndGradientsAsAutogradOnTheSameDraws(String bound, int k, int layers, String size) {
        Objective objective = Objectives.byName(bound);
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            int dim = size.equals("tiny") ? 9 : 784;
            Architecture arch = size.equals("tiny")
                    ? (layers == 1 ? TinyModels.oneLayer(dim, 5, 2) : TinyModels.twoLayer(dim))
                    : Architecture.paper(layers, dim);
            Torch.seed(5);
            Parameters params = Parameters.initialized(manager);
            Autoencoder model = new Autoencoder(arch, params, new float[dim]);
            Adam adam = Adam.paper(List.copyOf(params.all()), params.manager());
            int rows = size.equals("tiny") ? 6 : 7;
            int side = (int) Math.sqrt(dim);
            BinarizedSet data = Binarization.fixed(TinyModels.images("toy", rows, side, 1), 2);
            NDArray x = manager.create(data.pixels(), new Shape(rows, dim));

            float general;
            Parameters.Flat flat = params.flat();
            try (NDManager scope = manager.newSubManager()) {
                Torch.seed(77);
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    GradientEstimator.Estimate e = new Reparameterized().estimate(model.sample(x, k, scope), objective);
                    NDArray mean = e.surrogate().mean();
                    collector.backward(mean.neg());
                    general = mean.getFloat();
                }
            }
            float[] autograd = flat.gradient().toFloatArray();
            flat.zeroGradients();

            WrittenOutStep step = WrittenOutStep.create(model, objective, new Reparameterized(), k, adam, manager);
            float written = step.gradientsOnly(x, 77);
            float[] fast = step.gradient().toFloatArray();

            assertEquals(general, written, 1e-5 * Math.abs(general), "bound");
            for (int i = 0; i < flat.arrays().size(); i++) {
                int from = (int) flat.offsets()[i];
                int to = from + (int) flat.arrays().get(i).size();
                double diff = 0;
                double norm = 0;
                for (int j = from; j < to; j++) {
                    diff += Math.pow(fast[j] - autograd[j], 2);
                    norm += Math.pow(autograd[j], 2);
                }
                String name = flat.arrays().get(i).getName();
                assertTrue(norm > 0, name + " has a zero gradient");
                assertTrue(Math.sqrt(diff / norm) <= 1e-5,
                        name + ": relative difference " + Math.sqrt(diff / norm));
            }
            float[] untouched = flat.gradient().toFloatArray();
            for (float g : untouched) {
                assertEquals(0f, g, "the model's own gradient stays zero");
            }
        }
    }

    @Test
    void theOtherConfigurationsKeepTheGeneralPath() {
        try (NDManager manager = Torch.newManager(Torch.device("cpu"))) {
            Torch.seed(5);
            Parameters params = Parameters.initialized(manager);
            Autoencoder model = new Autoencoder(TinyModels.oneLayer(9, 5, 2), params, new float[9]);
            Adam adam = Adam.paper(List.copyOf(params.all()), params.manager());
            Objective iwae = Objectives.byName("iwae");
            assertNull(WrittenOutStep.unsupported(model, iwae, new Reparameterized(), adam));
            assertNotNull(WrittenOutStep.unsupported(model, Objectives.byName("miwae"), new Reparameterized(), adam));
            assertNotNull(WrittenOutStep.unsupported(model, iwae, org.iwae4j.objective.Estimators.create(Estimator.STL), adam));
            assertNotNull(WrittenOutStep.unsupported(model, iwae, org.iwae4j.objective.Estimators.create(Estimator.DREG), adam));
            Adam burda = new Adam(List.copyOf(params.all()), params.manager(), org.iwae4j.optim.AdamVariant.BURDA);
            assertNotNull(WrittenOutStep.unsupported(model, iwae, new Reparameterized(), burda));
            assertTrue(TrainingStep.create(org.iwae4j.config.TrainingPath.AUTO, model, Objectives.byName("miwae"),
                    new Reparameterized(), 4, adam, manager) instanceof AutogradStep);
            assertTrue(TrainingStep.create(org.iwae4j.config.TrainingPath.FAST, model, iwae,
                    new Reparameterized(), 4, adam, manager) instanceof WrittenOutStep);
        }
    }
}
