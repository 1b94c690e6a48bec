/**
 * The Pod spec shorthand CloneSet takes in `podSpec`: the one `@pulumi/kubernetesx`'s PodBuilder
 * reads (kubernetesx 0.1.6 `types.PodSpec`), written here as this package's own types so that
 * the public declarations name no kubernetesx type (kubernetesx is bundled, an implementation
 * detail). They are structurally the same: a value built for kubernetesx fits, and the other way
 * round (test/kruise/podShorthand.test.ts checks both directions).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** Environment as a map: name → value, or a `valueFrom` source. */
export type PodEnvMap = Record<string, pulumi.Input<string | k8s.types.input.core.v1.EnvVarSource>>;

/** Container ports as a map: port name → container port. */
export type PodPortMap = Record<string, pulumi.Input<number>>;

/** A volume mounted from the volume itself: the volume is added to the Pod spec. */
export interface PodVolumeMount {
  /** The volume (added to `spec.volumes`). */
  volume: pulumi.Input<k8s.types.input.core.v1.Volume>;
  /** Where it is mounted. Maps to `volumeMounts[].mountPath`. */
  destPath: pulumi.Input<string>;
  /** A path inside the volume. Maps to `volumeMounts[].subPath`. @default the volume's root */
  srcPath?: pulumi.Input<string>;
}

/** A container whose `env`, `ports` and `volumeMounts` may use the shorthand forms. */
export type PodContainer = Omit<
  k8s.types.input.core.v1.Container,
  "env" | "name" | "ports" | "volumeMounts"
> & {
  /** Maps to `env`: a list of EnvVar, or a {@link PodEnvMap}. */
  env?: pulumi.Input<pulumi.Input<k8s.types.input.core.v1.EnvVar>[] | PodEnvMap>;
  /** Maps to `name`. */
  name?: pulumi.Input<string>;
  /** Maps to `ports`: a list of ContainerPort, or a {@link PodPortMap}. */
  ports?: pulumi.Input<pulumi.Input<k8s.types.input.core.v1.ContainerPort>[] | PodPortMap>;
  /** Maps to `volumeMounts`: VolumeMounts, or {@link PodVolumeMount}s that bring their volume. */
  volumeMounts?: pulumi.Input<pulumi.Input<k8s.types.input.core.v1.VolumeMount | PodVolumeMount>[]>;
};

/** A Pod spec whose containers may use the shorthand forms. */
export type PodSpecShorthand = Omit<
  k8s.types.input.core.v1.PodSpec,
  "containers" | "initContainers"
> & {
  /** Maps to `containers`. */
  containers: pulumi.Input<pulumi.Input<PodContainer>[]>;
  /** Maps to `initContainers`. @default none */
  initContainers?: pulumi.Input<pulumi.Input<PodContainer>[]>;
};
