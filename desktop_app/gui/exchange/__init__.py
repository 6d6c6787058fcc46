"""The parts of the «Обмен» page: export, import, history, conflicts, peers and the region's view."""
