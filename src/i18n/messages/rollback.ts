import type { AreaCatalog } from '../catalog.js';

/** The three-way rollback: what it keeps of the user's changes since the run, and its preview. */
export const rollbackMessages: AreaCatalog = {
  en: {
    'rollback.kept.edits': "kept your edits to {path}: only the run's own change was taken out",
    'rollback.kept.keys': 'kept your edits to {path}: only the Go settings the run set were put back ({keys})',
    'rollback.kept.aside': "{path} changed since the run and the run's own change cannot be picked out: your version is kept as {kept}, the file is back as before the run",
    'rollback.kept.tree': '{count} item(s) you added to or changed in {path} since the run are kept in {kept}',
    'rollback.done.kept': 'Rolled back run {runId}: every change it made was undone, and what you changed since was kept (see above).',
    'rollback.notRecorded': 'could not record what this step left ({error}); rolling it back will restore its files as they were before the run',
    'rollback.preview.title': 'What rollback will do:',
    'rollback.preview.restore': '  restore as before the run:  {path}',
    'rollback.preview.remove': '  remove (the run created it):  {path}',
    'rollback.preview.remove-tree': '  remove the Go tree the run placed (unchanged since):  {path}',
    'rollback.preview.put-back': '  put back {path} (from {from})',
    'rollback.preview.kept-edits': "  changed since the run — keep your edits, take out only the run's change:  {path}",
    'rollback.preview.kept-keys': '  changed since the run — keep your edits, put back only {keys}:  {path}',
    'rollback.preview.kept-aside': '  changed since the run — keep your version as {kept}, restore the file as before the run:  {path}',
    'rollback.preview.kept-tree': '  remove the Go tree the run placed, keeping the {count} item(s) you added or changed in {kept}:  {path}',
  },
  zh: {
    'rollback.kept.edits': '已保留你对 {path} 的修改：只撤销了本次运行自己的改动',
    'rollback.kept.keys': '已保留你对 {path} 的修改：只恢复了本次运行设置的 Go 配置项（{keys}）',
    'rollback.kept.aside': '{path} 在本次运行后被修改过，无法单独分离出本次运行的改动：你的版本已保存为 {kept}，文件已恢复为运行前的内容',
    'rollback.kept.tree': '运行后你在 {path} 中添加或修改的 {count} 项已保存到 {kept}',
    'rollback.done.kept': '已回滚运行 {runId}：它做的所有改动均已撤销，你之后所做的修改已保留（见上文）。',
    'rollback.notRecorded': '无法记录此步骤留下的内容（{error}）；回滚时会把它的文件恢复为运行前的内容',
    'rollback.preview.title': '回滚将执行以下操作：',
    'rollback.preview.restore': '  恢复为运行前的状态：  {path}',
    'rollback.preview.remove': '  删除（由本次运行创建）：  {path}',
    'rollback.preview.remove-tree': '  删除本次运行放置的 Go 目录树（之后未被修改）：  {path}',
    'rollback.preview.put-back': '  把 {path} 放回原处（来自 {from}）',
    'rollback.preview.kept-edits': '  运行后被修改过——保留你的修改，只撤销本次运行的改动：  {path}',
    'rollback.preview.kept-keys': '  运行后被修改过——保留你的修改，只恢复 {keys}：  {path}',
    'rollback.preview.kept-aside': '  运行后被修改过——你的版本保存为 {kept}，文件恢复为运行前的内容：  {path}',
    'rollback.preview.kept-tree': '  删除本次运行放置的 Go 目录树，你添加或修改的 {count} 项保存到 {kept}：  {path}',
  },
};
