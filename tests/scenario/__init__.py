"""The oracle: a region of three districts plays a half-year through the services as people would, and every
figure on the screens and in the reports is checked against what the test computes by itself from its inputs."""
