package io.phototriage.models.probe;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.StageException;
import java.util.List;

/** A lambda-backed detector that counts calls and closes. */
final class FakeDetector implements Detector {
    /** What the fake answers; may throw like a real detector. */
    interface Answer {
        Detections apply(DecodedPhoto photo) throws StageException;
    }

    private final String name;
    private final Answer answer;
    int calls;
    int closes;

    FakeDetector(String name, Answer answer) {
        this.name = name;
        this.answer = answer;
    }

    /** A detector that never finds anything. */
    static FakeDetector nothing() {
        return new FakeDetector("fake-nothing", p -> new Detections(List.of(), 0.3));
    }

    @Override
    public Detections apply(DecodedPhoto photo) throws StageException {
        calls++;
        return answer.apply(photo);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelInfo model() {
        return ModelInfo.of(name);
    }

    @Override
    public void close() {
        closes++;
    }
}
