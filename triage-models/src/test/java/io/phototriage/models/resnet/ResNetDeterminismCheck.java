package io.phototriage.models.resnet;

import io.phototriage.core.testing.SharedData;
import io.phototriage.models.resnet.ResNetTrainer.TrainingReport;
import io.phototriage.models.resnet.ResNetTrainingListener.EpochReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the epoch reports of {@link ResNetMemorisationTest}'s fine-tuning, {@code runs} times in this JVM, one line
 * per epoch with every value at full precision, so that runs in several JVMs (and under CPU load) can be compared
 * bit for bit: {@code tools/resnet-determinism.sh} runs it and compares. Exits with status 1 if the runs inside this
 * JVM differ.
 *
 * <p>Arguments: {@code runs epochs [trainBackbone]}; system property {@code phototriage.shared} as in the tests.
 */
public final class ResNetDeterminismCheck {
    private ResNetDeterminismCheck() {}

    /** Runs the check; see the class documentation for the arguments. */
    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        int epochs = Integer.parseInt(args[1]);
        boolean trainBackbone = args.length < 3 || Boolean.parseBoolean(args[2]);
        List<LabelledPhoto> photos = ResNetTrainerTest.firstPerClass(LabelledPhoto.fromCoco(
                SharedData.coco128().resolve("annotations.json"), SharedData.coco128().resolve("images")),
                ResNetMemorisationTest.PER_CLASS);
        ResNetTrainingConfig config = ResNetMemorisationTest.CONFIG.withEpochs(epochs).withPatience(epochs)
                .withTrainBackbone(trainBackbone);
        List<List<EpochReport>> all = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Path out = Files.createTempDirectory("resnet-determinism").resolve("resnet-tiny-check");
            TrainingReport report = new ResNetTrainer(config, ResNetTrainingListener.NONE)
                    .fineTune(ResNetTestData.tinyBackbone(), photos, out);
            for (EpochReport e : report.epochs()) {
                System.out.println("run " + run + " " + e);
            }
            all.add(report.epochs());
        }
        boolean identical = all.stream().allMatch(r -> r.equals(all.get(0)));
        System.out.println("identical within this JVM: " + identical);
        System.exit(identical ? 0 : 1);
    }
}
