package org.iwae4j.data;

import java.util.List;

/** A dataset iwae4j knows by name: its name, its one-line description and its pinned files, given once. */
abstract class PublishedDataset implements Dataset {
    private final String name;
    private final String description;
    private final List<DataFile> files;

    PublishedDataset(String name, String description, List<DataFile> files) {
        this.name = name;
        this.description = description;
        this.files = List.copyOf(files);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<DataFile> files() {
        return files;
    }
}
