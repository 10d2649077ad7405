import { describeStoreContract, memoryStores } from "@gatehouse/testing";

describeStoreContract("memory", () => memoryStores());
