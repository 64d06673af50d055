/** A node of the workspace tree as the initialize and files APIs return it. */
export interface FileNode {
  name: string;
  path: string;
  type: 'file' | 'folder';
  children?: FileNode[];
}

/** Builds a sorted tree (folders first) from file paths and explicit folders. */
export function buildFileTree(filePaths: string[], folderPaths: string[] = []): FileNode[] {
  const root: FileNode = { name: '', path: '', type: 'folder', children: [] };
  const ensureFolder = (path: string): FileNode => {
    let node = root;
    for (const part of path.split('/')) {
      const childPath = node.path ? `${node.path}/${part}` : part;
      let child = node.children!.find((c) => c.name === part && c.type === 'folder');
      if (!child) {
        child = { name: part, path: childPath, type: 'folder', children: [] };
        node.children!.push(child);
      }
      node = child;
    }
    return node;
  };
  for (const folder of folderPaths) ensureFolder(folder);
  for (const path of filePaths) {
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? root : ensureFolder(path.slice(0, slash));
    parent.children!.push({ name: path.slice(slash + 1), path, type: 'file' });
  }
  const sort = (nodes: FileNode[]) => {
    nodes.sort((a, b) =>
      a.type === b.type ? a.name.localeCompare(b.name) : a.type === 'folder' ? -1 : 1,
    );
    for (const node of nodes) if (node.children) sort(node.children);
  };
  sort(root.children!);
  return root.children!;
}
