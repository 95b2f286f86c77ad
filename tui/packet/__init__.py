"""A producer's packet: welcome, password, wizard steps, documents, signing, print."""
