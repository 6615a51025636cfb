import type { TestProject } from "vitest/node";
import { startTestCluster } from "./test-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    superuserUrl: string;
    appRolePassword: string;
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startTestCluster();
  project.provide("superuserUrl", cluster.superuserUrl);
  project.provide("appRolePassword", cluster.appRolePassword);
  return () => cluster.stop();
}
